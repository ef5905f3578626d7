"""Every write of classrooms, one module per area; import them from here."""

from .assignments import *  # noqa: F403
from .classes import *  # noqa: F403
from .notifications import *  # noqa: F403
from .roster import *  # noqa: F403
