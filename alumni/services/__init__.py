"""Every write in alumni, one module per part of the journey; import them from here."""

from .checkin import checkin_mark  # noqa: F401
from .events import audience_of, event_cancel, event_message_send, event_update_send, feedback_give  # noqa: F401
from .importing import alumni_import  # noqa: F401
from .profiles import (  # noqa: F401
    alumni_record_create,
    profile_ensure,
    profile_photo_remove,
    profile_photo_set,
    profile_update,
)
from .registration import (  # noqa: F401
    event_lock,
    event_offer_next,
    leave_token,
    offer_confirm,
    offers_expire,
    registration_by_leave_token,
    registration_cancel,
    registration_create,
    registration_decide,
)
from .relay import contact_report, contact_send  # noqa: F401
