"""Signals camps sends, so that apps built on camps can act on its events without camps knowing them.

`participant_graduated` (sender: Application, `application=`): sent inside the graduation's transaction,
after the certificate is issued, for a participant with an account. Receivers run in that transaction, so an
error in one undoes the graduation (alumni makes the person an alumnus here: alumni depends on camps, never
the other way round).
"""

from django.dispatch import Signal

participant_graduated = Signal()
