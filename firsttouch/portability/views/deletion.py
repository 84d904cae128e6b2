"""The page to delete an account (and, for the last admin, the family's data)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext

from firsttouch.accounts.models import User
from firsttouch.accounts.views import too_many_requests

from .. import deletion
from ..forms import CONFIRM_WORD, DeleteAccountForm


@login_required
def delete_page(request: HttpRequest) -> HttpResponse:
    """Also open to someone with no family (a removed caregiver) so they can leave entirely."""
    user = request.user
    assert isinstance(user, User)
    form = DeleteAccountForm(request.POST or None, user=user, request=request)
    if request.method == "POST" and form.is_valid():
        report = deletion.delete_account(user)
        logout(request)
        text = gettext("Your account has been deleted.")
        if report.family_deleted:
            text = gettext("Your account and your family's data have been deleted.")
        messages.success(request, text)
        return redirect("login")
    membership = getattr(request, "membership", None)
    others = []
    if membership is not None and membership.is_admin:
        others = list(
            membership.family.memberships.exclude(user=user)
            .select_related("user")
            .order_by("joined_at")
        )
    response = render(
        request,
        "portability/delete.html",
        {
            "form": form,
            "word": CONFIRM_WORD,
            "is_admin": bool(membership and membership.is_admin),
            "others": others,
        },
        status=400 if form.is_bound else 200,
    )
    # Too many wrong passwords (here or at log-in): 429 with Retry-After, like the log-in page.
    return too_many_requests(response, form.throttled) if form.throttled else response
