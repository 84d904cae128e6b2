"""Setting up and using the second factor; staff-only pages that come before any family data."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from .. import staff, twofactor
from ..forms import CodeForm
from ..middleware import mark_staff_session


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("staff:home")


def _staff_only(request: HttpRequest) -> None:
    """Staff of an organisation, or a site admin (the admin needs the same second factor)."""
    if not (staff.is_staff_member(request.user) or request.user.is_staff):  # type: ignore[arg-type]
        raise Http404("No staff pages here.")


@login_required
def setup(request: HttpRequest) -> HttpResponse:
    """Show the QR code and the key as text; a right code confirms the app and the session."""
    _staff_only(request)
    user = request.user
    if twofactor.has_device(user) and not request.user.is_verified():  # type: ignore[arg-type, union-attr]
        return redirect(f"{reverse('staff:verify')}?{urlencode({'next': _next(request)})}")
    device = twofactor.pending_device(user)  # type: ignore[arg-type]
    form = CodeForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        codes = twofactor.confirm_device(request, user, form.cleaned_data["code"])  # type: ignore[arg-type]
        if codes is not None:
            mark_staff_session(request)
            # Shown once, in this answer only: they are not kept anywhere we show again.
            return render(
                request,
                "programs/staff/recovery_codes.html",
                {"codes": codes, "next": _next(request)},
            )
        form.add_error(
            "code",  # notranslate
            _("That code is not right. Type the six digits your app shows now."),
        )
    if request.method == "POST":
        status = 400
    return render(
        request,
        "programs/staff/setup.html",
        {
            "form": form,
            "qr": twofactor.qr_svg(device),
            "secret": twofactor.secret_text(device),
            "next": _next(request),
        },
        status=status,
    )


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """The step after log-in: a code from the app or a recovery code (throttled)."""
    _staff_only(request)
    if not twofactor.has_device(request.user):  # type: ignore[arg-type]
        return redirect(f"{reverse('staff:setup')}?{urlencode({'next': _next(request)})}")
    form = CodeForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        result = twofactor.verify(request, request.user, form.cleaned_data["code"])  # type: ignore[arg-type]
        if result.verified:
            mark_staff_session(request)
            return redirect(_next(request))
        form.add_error("code", result.message)  # notranslate
        status = 429 if result.retry_after_seconds else 400
    elif request.method == "POST":
        status = 400
    response = render(
        request, "programs/staff/verify.html", {"form": form, "next": _next(request)}, status=status
    )
    if status == 429:
        response["Retry-After"] = str(result.retry_after_seconds)
    return response
