"""Every write in camps, one module per part of the journey; import them from here."""

from .applications import (  # noqa: F401
    application_change,
    application_confirm,
    application_submit,
    application_update,
    application_withdraw,
    consent_withdraw,
    consents_record,
    places_taken,
    status_log,
    status_set,
)
from .cohorts import (  # noqa: F401
    cohort_capacity_check,
    cohort_create,
    cohort_creator_add,
    cohort_update,
)
from .guardians import (  # noqa: F401
    consent_texts,
    guardian_consent_give,
    guardian_consent_record_paper,
    guardian_consent_withdraw,
    guardian_link_resend,
    guardian_link_send,
)
from .importing import participants_import, rows_read  # noqa: F401
from .participation import application_graduate, attendance_mark, cohort_graduate  # noqa: F401
from .privacy import applications_erase, personal_data_purge_expired  # noqa: F401
from .reminders import guardian_reminders_send, offer_reminders_send, reminders_send  # noqa: F401
from .selection import (  # noqa: F401
    ACCEPT,
    REJECT,
    WAITLIST,
    application_decide,
    application_note_set,
    applications_decide,
    cohort_offer_next,
    offers_expire,
)
