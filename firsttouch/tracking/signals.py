"""What a saved log entry tells the rest of firsttouch, without knowing who listens.

Tracking never imports the organisations (``programs``): the red flag a parent sees at once
must not depend on clinic code. Programs connects to ``red_flags_raised`` to put the flags
into the queue of each organisation the family shares its baby's logs with.

``red_flags_raised(sender=<entry model>, entry=<entry>, codes=[...])`` is sent inside the
transaction that saves the entry, in a savepoint, by ``services.save_entry`` when the entry
raises a flag. An import of historical rows does not send it (``save_entry(announce=False)``):
a pale stool from last spring is not news for a clinic today.
"""

from __future__ import annotations

from django.dispatch import Signal

red_flags_raised = Signal()
