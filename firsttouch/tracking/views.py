"""Tracking pages: one generic set of views driven by ``ENTRY_MODELS`` and ``FORMS``.

Every row is fetched through ``scoped``/``get_scoped_or_404``; the baby comes from the URL or
the form and is always checked against the request's family, so another family's baby or
entry is a 404 whatever the method.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from firsttouch.babies.models import Baby
from firsttouch.core.http import FamilyRequest, family_required
from firsttouch.core.scoping import get_scoped_or_404, scoped

from . import red_flags, services
from .forms import FORMS
from .growth_chart import growth_for
from .models import ENTRY_MODELS, BreastSide, Entry, Feed, FeedKind, Intensity, IntervalEntry
from .summary import KIND_LABELS, entry_time, summarize, timer_rows

UNDO_KEY = "tracking_undo"
# The entry just logged from a one-tap button or a form, offered for undo on the next page.
JUST_SAVED_KEY = "tracking_just_saved"
PER_PAGE = 50

# What a one-tap timer may preset, and the allowed values (anything else is ignored).
TIMER_PRESETS: dict[str, dict[str, set[str]]] = {
    "feed": {"kind": set(FeedKind.values), "side": set(BreastSide.values)},
    "crying": {"intensity": set(Intensity.values)},
}


# The one-tap timer buttons on the quick-log page: a label and the presets it posts.
# (The labels are marked here and translated where the page is made.)
TIMER_BUTTONS: dict[str, list[tuple[str, dict[str, str]]]] = {
    "sleep": [(gettext_noop("Start sleep timer"), {})],
    "crying": [(gettext_noop("Start crying timer"), {})],
    "feed": [
        (gettext_noop("Start left breast"), {"kind": "breast", "side": "left"}),
        (gettext_noop("Start right breast"), {"kind": "breast", "side": "right"}),
        (gettext_noop("Start bottle"), {"kind": "bottle"}),
    ],
}


def _model(kind: str) -> type[Entry]:
    try:
        return ENTRY_MODELS[kind]
    except KeyError as exc:
        raise Http404("No such kind of entry.") from exc


def _baby(request: FamilyRequest, baby_id: Any) -> Baby:
    if baby_id in (None, ""):
        # Most families have one baby: a link without ?baby= means that one.
        only = list(scoped(Baby, request.family)[:2])
        if len(only) == 1:
            return only[0]
        raise Http404("Choose a baby.")
    return get_scoped_or_404(Baby, request.family, pk=baby_id)


def _list_url(kind: str, baby: Baby) -> str:
    return f"{reverse('tracking:list', args=[kind])}?baby={baby.pk}"


def _next_or(request: HttpRequest, fallback: str) -> HttpResponseRedirect:
    """Go back where the button was pressed (home or log), never off-site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(fallback)


def _log_url(baby: Baby) -> str:
    return f"{reverse('tracking:log')}?baby={baby.pk}"


@family_required
def log(request: FamilyRequest) -> HttpResponse:
    """The quick-log page: a big button per kind, timers one tap away."""
    babies = list(scoped(Baby, request.family))
    if "baby" in request.GET:
        baby: Baby | None = _baby(request, request.GET["baby"])
    else:
        baby = babies[0] if babies else None
    if baby is None:
        return render(request, "tracking/no_baby.html")
    kinds = [
        {
            "kind": k,
            "label": label,
            "timer_buttons": [(_(text), presets) for text, presets in TIMER_BUTTONS.get(k, [])],
        }
        for k, label in KIND_LABELS.items()
    ]
    return render(
        request,
        "tracking/log.html",
        {
            "baby": baby,
            "babies": babies,
            "kinds": kinds,
            "timers": timer_rows(baby),
            "next": request.get_full_path(),
            "just_raised": red_flags.pop_raised(request.session, request.family),
        },
    )


@family_required
def timers(request: FamilyRequest) -> HttpResponse:
    """The running-timers fragment, polled by htmx so a second phone sees a started timer."""
    baby = _baby(request, request.GET.get("baby"))
    return render(
        request,
        "tracking/_timers.html",
        {
            "baby": baby,
            "timers": timer_rows(baby),
            "next": request.GET.get("next") or _log_url(baby),
        },
    )


@require_POST
@family_required
def start(request: FamilyRequest, kind: str) -> HttpResponse:
    _model(kind)
    if kind not in services.INTERVAL_KINDS:
        raise Http404("This kind has no timer.")
    baby = _baby(request, request.POST.get("baby"))
    presets = {
        name: request.POST[name]
        for name, allowed in TIMER_PRESETS.get(kind, {}).items()
        if request.POST.get(name) in allowed
    }
    try:
        entry = services.start_timer(kind, baby, request.user, **presets)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("%(what)s timer started.") % {"what": summarize(entry).split(",")[0]}
        )
    return _next_or(request, _log_url(baby))


@require_POST
@family_required
def stop(request: FamilyRequest, kind: str, pk: int) -> HttpResponse:
    model = _model(kind)
    entry = get_scoped_or_404(model, request.family, pk=pk)
    assert isinstance(entry, IntervalEntry)
    try:
        services.stop_timer(entry)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Stopped: %(what)s.") % {"what": summarize(entry)})
    return _next_or(request, _log_url(entry.baby))


@family_required
def entry_list(request: FamilyRequest, kind: str) -> HttpResponse:
    model = _model(kind)
    baby = _baby(request, request.GET.get("baby"))
    entries = scoped(model, request.family).filter(baby=baby).select_related("created_by")
    page = Paginator(entries, PER_PAGE).get_page(request.GET.get("page"))
    rows = [{"entry": e, "when": entry_time(e), "summary": summarize(e)} for e in page]
    undo = request.session.get(UNDO_KEY)
    show_undo = bool(undo and undo.get("kind") == kind and undo.get("baby") == baby.pk)
    return render(
        request,
        "tracking/list.html",
        {
            "kind": kind,
            "label": KIND_LABELS[kind],
            "baby": baby,
            "page": page,
            "rows": rows,
            "show_undo": show_undo,
            "undo_label": (undo or {}).get("summary", "") if show_undo else "",
            "just_raised": red_flags.pop_raised(request.session, request.family),
        },
    )


@family_required
def growth_charts(request: FamilyRequest) -> HttpResponse:
    """The baby's weight, length and head circumference on the WHO charts, with centiles."""
    baby = _baby(request, request.GET.get("baby"))
    return render(request, "tracking/growth.html", {"baby": baby, "growth": growth_for(baby)})


@family_required
def add(request: FamilyRequest, kind: str) -> HttpResponse:
    model = _model(kind)
    baby = _baby(request, request.POST.get("baby") or request.GET.get("baby"))
    entry = model(baby=baby)
    if isinstance(entry, Feed) and request.GET.get("kind") in FeedKind.values:
        entry.kind = request.GET["kind"]  # "Bottle" on Today opens the form on bottle
    return _form_page(request, kind, entry, baby)


@family_required
def edit(request: FamilyRequest, kind: str, pk: int) -> HttpResponse:
    entry = get_scoped_or_404(_model(kind), request.family, pk=pk)
    return _form_page(request, kind, entry, entry.baby)


def _form_page(request: FamilyRequest, kind: str, entry: Entry, baby: Baby) -> HttpResponse:
    """Show the kind's form; on a valid POST save through ``save_entry`` and go to the list."""
    form_class = FORMS[kind]
    adding = entry.pk is None
    form = form_class(request.POST or None, instance=entry, baby=baby, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            saved = form.save()
        except ValidationError:
            pass  # the form now carries the messages
        else:
            messages.success(request, _("Saved: %(what)s.") % {"what": summarize(saved)})
            if adding:
                remember_saved(request, saved)
            if red_flags.warnings_for(saved):
                # Shown at once, in an alert box, on whichever page the save goes back to.
                red_flags.remember_raised(request.session, saved)
            return _next_or(request, _list_url(kind, baby))
    return render(
        request,
        "tracking/form.html",
        {
            "form": form,
            "kind": kind,
            "label": KIND_LABELS[kind],
            "baby": baby,
            "adding": adding,
            "entry": entry,
            "next": request.POST.get("next") or request.GET.get("next", ""),
        },
    )


@family_required
def delete(request: FamilyRequest, kind: str, pk: int) -> HttpResponse:
    """GET asks to confirm; POST deletes and keeps the row in the session for one undo."""
    entry = get_scoped_or_404(_model(kind), request.family, pk=pk)
    baby = entry.baby
    summary = summarize(entry)
    when = timezone.localtime(entry_time(entry))
    if request.method != "POST":
        return render(
            request,
            "tracking/confirm_delete.html",
            {
                "entry": entry,
                "kind": kind,
                "label": KIND_LABELS[kind],
                "baby": baby,
                "summary": summary,
                "when": when,
            },
        )
    request.session[UNDO_KEY] = {
        "kind": kind,
        "baby": baby.pk,
        "summary": summary,
        "data": services.delete_entry(entry),
    }
    messages.success(
        request,
        _("Deleted: %(what)s (%(when)s).")
        % {"what": summary, "when": date_format(when, "d M H:i")},
    )
    return redirect(_list_url(kind, baby))


@require_POST
@family_required
def undo(request: FamilyRequest) -> HttpResponse:
    pending = request.session.pop(UNDO_KEY, None)
    if not pending:
        messages.error(request, _("There is nothing to undo."))
        return redirect("tracking:log")
    try:
        entry = services.restore_entry(pending["data"], request.family)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, _("Could not restore the entry: %(why)s") % {"why": message})
        return redirect("tracking:log")
    messages.success(request, _("Restored: %(what)s.") % {"what": summarize(entry)})
    return redirect(_list_url(pending["kind"], entry.baby))


def remember_saved(request: FamilyRequest, entry: Entry) -> None:
    """Offer an undo for this entry on the page the parent goes back to."""
    request.session[JUST_SAVED_KEY] = {
        "kind": entry.KIND,
        "pk": entry.pk,
        "baby": entry.baby_id,
        "summary": summarize(entry),
    }


def pop_saved(request: FamilyRequest, baby: Baby) -> dict[str, Any] | None:
    """The entry just saved for this baby (once), for the undo button; None otherwise."""
    saved = request.session.get(JUST_SAVED_KEY)
    if not saved or saved.get("baby") != baby.pk:
        return None
    del request.session[JUST_SAVED_KEY]
    return dict(saved)


@require_POST
@family_required
def nappy_tap(request: FamilyRequest) -> HttpResponse:
    """A nappy in one tap (wet, dirty or both), back to the page with an undo."""
    baby = _baby(request, request.POST.get("baby"))
    try:
        entry = services.log_nappy(baby, request.user, request.POST.get("what", ""))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Saved: %(what)s.") % {"what": summarize(entry)})
        remember_saved(request, entry)
        if red_flags.warnings_for(entry):
            red_flags.remember_raised(request.session, entry)
    return _next_or(request, _log_url(baby))


@require_POST
@family_required
def switch_side(request: FamilyRequest, pk: int) -> HttpResponse:
    """Move a running breastfeed to the other breast; its timer keeps running."""
    feed = get_scoped_or_404(Feed, request.family, pk=pk)
    try:
        services.switch_side(feed)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Now on the %(side)s breast.") % {"side": feed.get_last_side_display().lower()},
        )
    return _next_or(request, _log_url(feed.baby))


@require_POST
@family_required
def undo_save(request: FamilyRequest, kind: str, pk: int) -> HttpResponse:
    """Delete the entry just logged by mistake: exactly that one, only the family's own."""
    model = _model(kind)
    try:
        entry = services.undo_save(model, pk, request.family)
    except model.DoesNotExist as exc:
        raise Http404("No such entry.") from exc
    messages.success(request, _("Undone: %(what)s removed.") % {"what": summarize(entry)})
    request.session.pop(JUST_SAVED_KEY, None)
    return _next_or(request, _log_url(entry.baby))
