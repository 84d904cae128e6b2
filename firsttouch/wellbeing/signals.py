"""What a screening tells the rest of firsttouch, without knowing who listens.

Wellbeing never imports the clinics (``programs``): the crisis help a mother sees must not
depend on clinic code, and clinics are one listener among possible others. Programs connects
to ``urgent_safety_response`` to record and e-mail its urgent alerts.

``urgent_safety_response(sender=Response, response=Response)`` is sent inside the transaction
that completes the response, in a savepoint. A receiver must *raise* when it cannot do its
part: the sender logs it at ERROR, marks the response (``flags["alert_failed"]``) so the
worker's sweep sends the signal again, and site admins see it. A receiver returns what it
recorded (a list) so callers can count it.

``screening_completed(sender=Response, response=Response)`` is sent when a response is
completed and scored, in the same transaction, in a savepoint: programs queues a routine alert
for each organisation whose EPDS threshold the total reaches. A failing receiver is logged at
ERROR; her result and any crisis help stand whatever happens there.
"""

from __future__ import annotations

from django.dispatch import Signal

urgent_safety_response = Signal()
screening_completed = Signal()
