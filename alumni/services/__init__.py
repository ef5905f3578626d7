"""Every write in alumni, one module per part of the journey; import them from here."""

from .importing import alumni_import  # noqa: F401
from .profiles import (  # noqa: F401
    alumni_record_create,
    profile_ensure,
    profile_photo_remove,
    profile_photo_set,
    profile_update,
)
from .relay import contact_report, contact_send  # noqa: F401
