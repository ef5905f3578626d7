"""Kyrgyz date formats as Kyrgyz is written: "15-июль, 2026-ж." (Django's own give "15 Июль 2026 ж.").

Month names come from the "alt. month" entries of locale/ky, lower-case there. Anything not set here falls
through to Django's ky formats.
"""

DATE_FORMAT = "j-E, Y-ж."
DATETIME_FORMAT = "j-E, Y-ж. G:i"
YEAR_MONTH_FORMAT = "E, Y-ж."
MONTH_DAY_FORMAT = "j-E"
