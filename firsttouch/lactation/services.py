"""Saving and reading lactation sessions: always the caller's own, never the family's."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404

from firsttouch.accounts.models import User

from .models import LactationSession, Side
from .red_flags import LUMP_LOOKBACK, WORSENING_WINDOW, RedFlag, red_flags

HISTORY_SHOWN = 60

log = logging.getLogger(__name__)


def own_sessions(user: User) -> QuerySet[LactationSession]:
    """The one way pages and the API list sessions: hers, newest first."""
    return LactationSession.objects.filter(user=user).select_related("massager")


def get_own_or_404(user: User, pk: int | str) -> LactationSession:
    """Someone else's session (partner or another family) is as absent as a deleted one."""
    try:
        return own_sessions(user).get(pk=pk)
    except (LactationSession.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No lactation session matches.") from exc


def save_session(session: LactationSession) -> LactationSession:
    """Validate and save, atomically; a session that raises a red flag is announced
    (``signals.red_flags_raised``) in the same transaction, so the organisations she shares
    her own data with queue an alert. Her warning never depends on that: a listener that
    fails is logged at ERROR and the session stays saved."""
    with transaction.atomic():
        session.full_clean()
        session.save()
        flags = flags_for(session)
        if flags:
            _announce(session, flags)
    return session


def _announce(session: LactationSession, flags: list[RedFlag]) -> None:
    from .signals import red_flags_raised

    try:
        with transaction.atomic():
            red_flags_raised.send(sender=LactationSession, session=session, flags=flags)
    except Exception:
        log.exception(
            "Lactation red flags %s of session %s could not be queued for the organisations",
            [f.code for f in flags],
            session.pk,
        )


def previous_sessions(session: LactationSession) -> list[LactationSession]:
    """Her earlier sessions that a rule can look back to (the longest look-back is the lump's)."""
    window = max(LUMP_LOOKBACK, WORSENING_WINDOW)
    rows = own_sessions(session.user).filter(
        side=session.side,
        started_at__gte=session.started_at - window,
        started_at__lt=session.started_at,
    )
    return list(rows.exclude(pk=session.pk)) if session.pk else list(rows)


def flags_for(session: LactationSession) -> list[RedFlag]:
    return red_flags(session, previous_sessions(session))


def flags_for_many(user: User, sessions: list[LactationSession]) -> dict[int, list[RedFlag]]:
    """Flags for a page of sessions with one more query, not one per session."""
    if not sessions:
        return {}
    window = max(LUMP_LOOKBACK, WORSENING_WINDOW)
    earliest = min(s.started_at for s in sessions) - window
    latest = max(s.started_at for s in sessions)
    candidates = list(
        LactationSession.objects.filter(user=user, started_at__gte=earliest, started_at__lte=latest)
    )
    return {s.pk: red_flags(s, candidates) for s in sessions}


@dataclass(frozen=True)
class Row:
    session: LactationSession
    flags: list[RedFlag]


def history(user: User, limit: int = HISTORY_SHOWN) -> dict[str, list[Row]]:
    """Each side's recent sessions with their flags, in two queries whatever the count."""
    rows = list(own_sessions(user)[:limit])
    flags = flags_for_many(user, rows)
    by_side: dict[str, list[Row]] = {Side.LEFT: [], Side.RIGHT: []}
    for session in rows:
        by_side[session.side].append(Row(session, flags[session.pk]))
    return by_side
