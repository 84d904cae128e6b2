"""Following a staff invitation link: accept it logged in, or create a staff account."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .. import staff
from ..forms import StaffSignUpForm


def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    check = staff.check_invitation(token)
    if check.problem or check.invitation is None:
        return render(
            request,
            "programs/staff/invitation_invalid.html",
            {"problem": check.problem},
            status=check.status,
        )
    invitation = check.invitation
    context: dict[str, object] = {"invitation": invitation}
    if request.user.is_authenticated:
        if request.method == "POST":
            try:
                staff.accept(request.user, token)
            except staff.StaffError as exc:
                messages.error(request, str(exc))
                return render(request, "programs/staff/invitation.html", context, status=400)
            messages.success(
                request,
                _("You joined %(organisation)s.") % {"organisation": invitation.organisation.name},
            )
            return redirect("staff:home")
        return render(request, "programs/staff/invitation.html", context)
    form = StaffSignUpForm(
        request.POST if request.method == "POST" else None, email=invitation.email
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                user = staff.sign_up_and_accept(
                    token, form.cleaned_data["name"], form.cleaned_data["password"]
                )
            except staff.StaffError as exc:
                form.add_error(None, str(exc))
            except ValidationError as exc:
                form.add_error("password", exc)  # notranslate
            else:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(
                    request,
                    _("Welcome to %(organisation)s.")
                    % {"organisation": invitation.organisation.name},
                )
                return redirect("staff:home")
    context["form"] = form
    return render(request, "programs/staff/invitation.html", context, status=status)
