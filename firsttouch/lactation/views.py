"""/lactation/: the guide, the log, each side's history, edit and delete.

Sessions are the mother's own: every lookup goes through services.own_sessions, so a partner
or another family meets a 404.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from firsttouch.accounts.roles import for_mothers
from firsttouch.core.http import FamilyRequest, family_required

from . import services
from .content import guide
from .forms import LactationSessionForm
from .models import LactationSession, Side
from .red_flags import VERY_PAINFUL

# PRODUCT: the history repeats a side's latest flags at the top for 48 hours (the longest
# "not better after" span in abm-36); older flags stay as labels in the list.
ALERT_FRESH = timedelta(hours=48)


@family_required
@for_mothers
def guide_page(request: FamilyRequest) -> HttpResponse:
    return render(request, "lactation/guide.html", {"guide": guide()})


def _form_page(
    request: FamilyRequest, form: LactationSessionForm, session: LactationSession | None
) -> HttpResponse:
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "lactation/log.html",
        {
            "form": form,
            "session": session,
            "guide": guide(),
            "very_painful": VERY_PAINFUL,
        },
        status=status,
    )


@family_required
@for_mothers
def log_session(request: FamilyRequest) -> HttpResponse:
    start = timezone.localtime().replace(second=0, microsecond=0)
    instance = LactationSession(user=request.user)
    form = LactationSessionForm(
        request.POST or None,
        instance=instance,
        family=request.family,
        initial={"started_at": start, "side": request.GET.get("side")},
    )
    if request.method == "POST" and form.is_valid():
        session = services.save_session(form.save(commit=False))
        messages.success(
            request,
            _("Left breast saved.") if session.side == Side.LEFT else _("Right breast saved."),
        )
        return redirect("lactation:session", pk=session.pk)
    return _form_page(request, form, None)


@family_required
def session_page(request: FamilyRequest, pk: int) -> HttpResponse:
    """Right after saving: the red flags first, then what was logged."""
    session = services.get_own_or_404(request.user, pk)
    return render(
        request,
        "lactation/session.html",
        {"session": session, "flags": services.flags_for(session)},
    )


@family_required
def edit_session(request: FamilyRequest, pk: int) -> HttpResponse:
    session = services.get_own_or_404(request.user, pk)
    form = LactationSessionForm(request.POST or None, instance=session, family=request.family)
    if request.method == "POST" and form.is_valid():
        services.save_session(form.save(commit=False))
        messages.success(request, _("Saved."))
        return redirect("lactation:session", pk=session.pk)
    return _form_page(request, form, session)


@family_required
def delete_session(request: FamilyRequest, pk: int) -> HttpResponse:
    session = services.get_own_or_404(request.user, pk)
    if request.method == "POST":
        session.delete()
        messages.success(request, _("Session deleted."))
        return redirect("lactation:history")
    return render(request, "lactation/confirm_delete.html", {"session": session})


@family_required
@for_mothers
def history_page(request: FamilyRequest) -> HttpResponse:
    """Both sides; the latest session's flags on top while they are recent enough to act on."""
    sides = services.history(request.user)
    fresh_since = timezone.now() - ALERT_FRESH
    latest = [
        rows[0]
        for rows in sides.values()
        if rows and rows[0].flags and rows[0].session.started_at >= fresh_since
    ]
    return render(
        request,
        "lactation/history.html",
        {"left": sides["left"], "right": sides["right"], "latest_flagged": latest},
    )
