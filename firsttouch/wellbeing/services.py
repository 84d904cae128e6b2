"""Taking a questionnaire: drafts, completion, history and who may see what.

The one path for answers is ``save_answers`` (a draft, validated, never scored; a safety answer
above 0 raises the urgent alert at its first save) and the one path for a result is
``complete`` (every required item answered, scored and flagged). Pages and the API call
these and nothing else.

Privacy: a screening belongs to the mother who answered it. Other caregivers of her family see
it only when she shares it, and only once it is complete; another family never sees it.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from firsttouch.accounts.roles import is_mother
from firsttouch.core.scoping import scoped

from . import scoring
from .instruments import Instrument, instruments
from .models import ImportedInstrument, Response, SafetyEvent, SafetyEventKind, Status

if TYPE_CHECKING:
    from firsttouch.accounts.models import Family, User

logger = logging.getLogger(__name__)

EPDS = "epds"


def instrument_of(response: Response) -> Instrument:
    found = response.instrument()
    if found is None:
        raise ValidationError(
            {
                "instrument": [
                    f"The questionnaire {response.instrument_id!r} (version "
                    f"{response.instrument_version}) is no longer available."
                ]
            }
        )
    return found


def start(
    user: User,
    family: Family,
    instrument_id: str,
    shared_with_family: bool = False,
    language: str | None = None,
) -> Response:
    """A new, unsaved draft for the current version of ``instrument_id``: in ``language`` when
    a validated translation into it is bundled, else the original; the draft records which."""
    instrument = instruments().get(instrument_id, language=language)
    if instrument is None:
        raise ValidationError(
            {
                "instrument": [
                    f"There is no questionnaire called {instrument_id!r}. Pick one from the list."
                ]
            }
        )
    if instrument.id == EPDS and not is_mother(user):
        # The page says so too (accounts.roles.for_mothers); the API must not let it in.
        raise ValidationError(
            {
                "instrument": [
                    gettext(
                        "The EPDS asks how a new mother has been feeling, so only her own "
                        "account answers it. Your own mood and self-care are on the You tab."
                    )
                ]
            }
        )
    return Response(
        family=family,
        respondent=user,
        instrument_id=instrument.id,
        instrument_version=instrument.version,
        instrument_language=instrument.language,
        shared_with_family=shared_with_family,
    )


def _checked(instrument: Instrument, answers: Mapping[str, Any]) -> dict[str, int | None]:
    if not isinstance(answers, Mapping):
        raise ValidationError({"answers": ["Send the answers as {item: option number}."]})
    errors: dict[str, list[str]] = {}
    clean: dict[str, int | None] = {}
    for link_id, index in answers.items():
        item = instrument.item(str(link_id))
        if item is None:
            errors[f"answers.{link_id}"] = [f"{instrument.name} has no question {link_id}."]
        elif index is None:
            clean[item.link_id] = None
        elif (
            isinstance(index, bool)
            or not isinstance(index, int)
            or not 0 <= index < len(item.options)
        ):
            errors[f"answers.{link_id}"] = [
                f"Choose one of the {len(item.options)} answers (0 to {len(item.options) - 1})."
            ]
        else:
            clean[item.link_id] = index
    if errors:
        raise ValidationError(errors)
    return clean


def save_progress(
    user: User,
    family: Family,
    instrument: Instrument,
    draft: Response | None,
    answers: Mapping[str, Any],
) -> tuple[Response, list[str]]:
    """Keep a (possibly partial) submission as her draft, starting one if needed.

    Returns the draft and the required items still unanswered. A new draft follows her
    "share with my family" choice. Used by the EPDS form and the generic questionnaire form.
    """
    from .preferences import settings_for

    if draft is None:
        sharing = settings_for(user).share_screenings_with_family
        draft = start(
            user, family, instrument.id, shared_with_family=sharing, language=instrument.language
        )
    save_answers(draft, answers)
    chosen = draft.chosen()
    return draft, [link_id for link_id in instrument.required_ids if link_id not in chosen]


def save_answers(response: Response, answers: Mapping[str, Any]) -> Response:
    """Merge ``answers`` ({link id: option index, or None to clear}) into a draft and save it.

    Raises ValidationError (a 422 in the API) naming each bad item; nothing is saved then.
    A saved draft's row is locked while its answers are merged, so two saves at once cannot
    lose each other's answers; a safety item answered above 0 raises the urgent alert here,
    at its first save, not only when the check is finished (``_record_safety``).
    """
    if response.is_complete:
        raise ValidationError(
            gettext("This check is already finished. Start a new one to answer again.")
        )
    instrument = instrument_of(response)
    given = _checked(instrument, answers)
    with transaction.atomic():
        if response.pk is not None:
            locked = Response.objects.select_for_update().get(pk=response.pk)
            if locked.is_complete:  # another request finished it meanwhile
                raise ValidationError(
                    gettext("This check is already finished. Start a new one to answer again.")
                )
            response.answers, response.flags = locked.answers, locked.flags
        before = _safety_scores(instrument, response.chosen())
        chosen = response.chosen() | given
        response.answers = [
            {
                "link_id": item.link_id,
                "index": index,
                "text": item.options[index].text,
                "score": item.options[index].score,
            }
            for item in instrument.items
            if (index := chosen.get(item.link_id)) is not None
        ]
        response.total, response.subscales, response.band = None, {}, ""
        # Kept with the draft so the safety block can still be shown if the instrument ever
        # cannot be read again (safety.stored_safety_items).
        response.flags = {
            "safety_items": scoring.safety_items(instrument, response.chosen()),
            **_alert_marks(response.flags),
        }
        response.save()
        _record_safety(response, before, _safety_scores(instrument, response.chosen()))
    return response


def _safety_scores(instrument: Instrument, chosen: Mapping[str, int]) -> dict[str, int]:
    """The score of each answered safety item (EPDS item 10), 0 ("Never") included."""
    return scoring.item_scores(
        instrument, {x: chosen[x] for x in instrument.safety_ids if x in chosen}
    )


def _alert_marks(flags: Mapping[str, Any] | None) -> dict[str, Any]:
    """The undelivered-alert marks among ``flags``: they outlive every re-save until the
    worker's retry records the alert (``retry_urgent_alerts``)."""
    return {k: v for k, v in (flags or {}).items() if k in (ALERT_FAILED, ALERT_ERROR)}


def _record_safety(response: Response, before: dict[str, int], after: dict[str, int]) -> None:
    """Raise the urgent alert at the first save of a safety answer above 0, once per response;
    after that, keep each change of a safety answer (the alert itself stays).

    Runs inside the caller's transaction. The ``raised`` row's unique constraint is what makes
    it once: a second save racing this one fails to insert it and does not alert again.
    """
    raised = SafetyEvent.objects.filter(response=response, kind=SafetyEventKind.RAISED).exists()
    if not raised:
        triggering = {x: points for x, points in after.items() if points > 0}
        if not triggering:
            return
        link_id = max(triggering, key=lambda x: triggering[x])
        try:
            with transaction.atomic():
                SafetyEvent.objects.create(
                    response=response,
                    kind=SafetyEventKind.RAISED,
                    link_id=link_id,
                    old_score=before.get(link_id),
                    new_score=triggering[link_id],
                )
        except IntegrityError:
            return  # another save of this response raised it first
        _alert(response)
        return
    for link_id in sorted(set(before) | set(after)):
        if before.get(link_id) != after.get(link_id):
            SafetyEvent.objects.create(
                response=response,
                kind=SafetyEventKind.CHANGED,
                link_id=link_id,
                old_score=before.get(link_id),
                new_score=after.get(link_id),
            )


def previous_total(response: Response, before: datetime) -> int | None:
    """The respondent's last total on the same instrument completed before ``before``."""
    earlier = (
        Response.objects.filter(
            respondent_id=response.respondent_id,
            instrument_id=response.instrument_id,
            status=Status.COMPLETE,
            completed_at__lt=before,
        )
        .exclude(pk=response.pk)
        .order_by("-completed_at", "-pk")
        .first()
    )
    return earlier.total if earlier is not None else None


def complete(response: Response, at: datetime | None = None) -> Response:
    """Score a finished response; refuses (ValidationError) while a required item is open.

    Completing twice changes nothing. When a safety item (EPDS item 10) scores above 0 the
    urgent alert has been raised when it was saved; if not (a draft saved before that rule),
    it is raised here, in the same transaction as the result.
    """
    if response.is_complete:
        return response
    instrument = instrument_of(response)
    try:
        result = scoring.score(instrument, response.chosen())
    except scoring.Incomplete as exc:
        raise ValidationError(
            {"answers": [f"Answer every question to finish; still open: {', '.join(exc.missing)}."]}
        ) from exc
    with transaction.atomic():
        if response.pk is None:
            response.save()
        locked = Response.objects.select_for_update().get(pk=response.pk)
        if locked.is_complete:  # another request finished it first
            return locked
        response.status = Status.COMPLETE
        response.completed_at = at or timezone.now()
        before = previous_total(response, response.completed_at)
        response.total = result.total
        response.subscales = result.subscales
        flags: dict[str, Any] = {
            "safety": result.safety_response_needed,
            "safety_items": result.safety_items,
            "rise": scoring.rose(before, result.total),
            "rise_by": None if before is None else result.total - before,
            "previous_total": before,
        }
        if instrument.id == EPDS:
            epds = scoring.read_epds(result)
            response.band = epds.band
            flags.update(anxiety=epds.anxiety_flag, item10_score=epds.item10_score)
        response.flags = {**flags, **_alert_marks(locked.flags)}
        response.save()
        if result.safety_response_needed:
            # Normally raised already when item 10 was saved; a draft saved before that rule
            # (or by another path) gets it now. Once per response either way.
            scores = _safety_scores(instrument, response.chosen())
            _record_safety(response, scores, scores)
        _announce_completed(response)
    return response


def _announce_completed(response: Response) -> None:
    """Tell listeners (organisations' alert queues) a response is scored, in a savepoint."""
    from .signals import screening_completed

    try:
        with transaction.atomic():
            screening_completed.send(sender=Response, response=response)
    except Exception:
        logger.exception(
            "The completion of response %s could not be announced to the organisations",
            response.pk,
        )


ALERT_FAILED = "alert_failed"
ALERT_ERROR = "alert_error"


def _alert(response: Response) -> None:
    """Raise the urgent alert in a savepoint; a failure is kept visible, never swallowed.

    The mother's result (and the crisis help on it) stays saved whatever happens here. A
    failure is logged at ERROR with the response id and marked on the response, outside the
    rolled-back savepoint, so it commits with the result: the worker's sweep
    (``retry_urgent_alerts``) raises it again and ``firsttouch check_alerts`` and the admin
    banner report it until then.
    """
    from . import safety

    try:
        with transaction.atomic():
            safety.raise_urgent_alert(response)
    except Exception as exc:
        logger.exception(
            "URGENT: the clinic alert for response %s could not be recorded; "
            "the worker will retry it",
            response.pk,
        )
        response.flags = {
            **response.flags,
            ALERT_FAILED: True,
            ALERT_ERROR: f"{type(exc).__name__}: {exc}"[:300],
        }
        response.save(update_fields=["flags"])


def alerts_not_recorded() -> Any:
    """Responses (drafts too: the alert is raised at the first save of item 10) whose urgent
    alert could not be recorded yet, oldest first."""
    return (
        Response.objects.filter(**{f"flags__{ALERT_FAILED}": True})
        .select_related("respondent")
        .order_by("started_at", "pk")
    )


def retry_urgent_alerts() -> tuple[int, int]:
    """Raise again every urgent alert that could not be recorded; (recorded, still failing).

    Run by the worker's periodic sweep (``programs.tasks.retry_pending_alerts``). The marker
    is cleared only in the savepoint that recorded the alert, so it is never lost.
    """
    from . import safety

    recorded = failing = 0
    for response in alerts_not_recorded():
        try:
            with transaction.atomic():
                safety.raise_urgent_alert(response)
                response.flags = {
                    k: v for k, v in response.flags.items() if k not in (ALERT_FAILED, ALERT_ERROR)
                }
                response.save(update_fields=["flags"])
        except Exception as exc:
            failing += 1
            logger.exception(
                "URGENT: the clinic alert for response %s still cannot be recorded", response.pk
            )
            Response.objects.filter(pk=response.pk).update(
                flags={
                    **response.flags,
                    ALERT_FAILED: True,
                    ALERT_ERROR: f"{type(exc).__name__}: {exc}"[:300],
                }
            )
        else:
            recorded += 1
            logger.warning(
                "The clinic alert for response %s is recorded now",  # notranslate
                response.pk,
            )
    return recorded, failing


@transaction.atomic
def submit(
    user: User,
    family: Family,
    instrument_id: str,
    answers: Mapping[str, Any],
    finish: bool = False,
    shared_with_family: bool = False,
) -> Response:
    """Create a draft with ``answers`` and, when ``finish``, complete it; all or nothing."""
    response = start(user, family, instrument_id, shared_with_family)
    save_answers(response, answers)
    return complete(response) if finish else response


def set_shared(response: Response, shared: bool) -> Response:
    response.shared_with_family = shared
    response.save(update_fields=["shared_with_family", "updated_at"])
    return response


def history(user: User, instrument_id: str | None = EPDS) -> list[Response]:
    """The user's own completed responses, oldest first (the trend chart's order)."""
    rows = Response.objects.filter(respondent=user, status=Status.COMPLETE)
    if instrument_id is not None:
        rows = rows.filter(instrument_id=instrument_id)
    return list(rows.order_by("completed_at", "pk"))


def latest_epds(user: User) -> Response | None:
    return (
        Response.objects.filter(respondent=user, instrument_id=EPDS, status=Status.COMPLETE)
        .order_by("-completed_at", "-pk")
        .first()
    )


def visible_responses(viewer: User, family: Family | None) -> Any:
    """Responses ``viewer`` may see in ``family``: hers, and the complete ones shared with her."""
    return (
        scoped(Response, family)
        .filter(Q(respondent=viewer) | Q(shared_with_family=True, status=Status.COMPLETE))
        .select_related("respondent__membership__family")
        .order_by("-started_at", "-pk")
    )


def import_instrument(data: dict[str, Any]) -> tuple[ImportedInstrument, bool]:
    """Validate a FHIR Questionnaire with scores and store it; (row, created).

    Importing the same version again with the same content changes nothing; different content
    under a version already stored is refused, since responses point at that version's wording.
    A bundled instrument (the EPDS) cannot be replaced this way.
    """
    from .fhir import FhirError, from_fhir_questionnaire

    try:
        instrument = from_fhir_questionnaire(data)
    except FhirError as exc:
        raise ValidationError(str(exc)) from exc
    if instruments().is_bundled(instrument.id):
        raise ValidationError(
            f"{instrument.id!r} is bundled with firsttouch and cannot be "
            "replaced by an import. Give the questionnaire another id."
        )
    existing = ImportedInstrument.objects.filter(
        instrument_id=instrument.id, version=instrument.version
    ).first()
    if existing is not None:
        same = existing.instrument().model_dump(exclude={"origin"}) == instrument.model_dump(
            exclude={"origin"}
        )
        if same:
            return existing, False
        raise ValidationError(
            f"Version {instrument.version} of {instrument.id!r} is already "
            "stored with different content. Raise the version number."
        )
    row = ImportedInstrument.objects.create(
        instrument_id=instrument.id,
        version=instrument.version,
        title=instrument.title,
        demo=instrument.demo,
        fhir=data,
    )
    return row, True
