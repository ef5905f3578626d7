"""factory_boy factories, one module per app; import them from here."""

from .accounts import *  # noqa: F403
from .alumni import *  # noqa: F403
from .camps import *  # noqa: F403
from .courses import *  # noqa: F403
