"""What a saved lactation session tells the rest of firsttouch, without knowing who listens.

Lactation never imports the organisations (``programs``); programs connects to
``red_flags_raised`` to queue an alert for each organisation she shares her own data with.

``red_flags_raised(sender=LactationSession, session=<session>, flags=[RedFlag, ...])`` is
sent inside the transaction that saves the session, in a savepoint, by
``services.save_session`` when the session raises a flag.
"""

from __future__ import annotations

from django.dispatch import Signal

red_flags_raised = Signal()
