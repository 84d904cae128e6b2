from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from firsttouch.core.http import FamilyRequest, family_required

from . import services, throttle
from .addresses import request_address
from .forms import (
    ApiTokenForm,
    FamilySettingsForm,
    InviteForm,
    LanguageForm,
    SignUpForm,
    ThrottledAuthenticationForm,
    ThrottledPasswordChangeForm,
)
from .models import ApiToken, Invitation, Membership, ThrottleKind


def too_many_requests(response: HttpResponse, attempt: throttle.Attempt) -> HttpResponse:
    """Turn a page that shows the throttling message into a 429 with Retry-After, like the API."""
    response.status_code = 429
    response["Retry-After"] = str(attempt.retry_after_seconds)
    return response


def answers_429_when_throttled(
    view: Callable[..., HttpResponse],
) -> Callable[..., HttpResponse]:
    """Wrap a log-in view (the admin site's) whose form may be ``ThrottleMixin``'s."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        context = getattr(response, "context_data", None) or {}
        attempt = getattr(context.get("form"), "throttled", None)
        return too_many_requests(response, attempt) if attempt else response

    return wrapped


class LoginView(auth_views.LoginView):
    form_class = ThrottledAuthenticationForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_invalid(self, form: ThrottledAuthenticationForm) -> HttpResponse:  # type: ignore[override]
        response = super().form_invalid(form)
        return too_many_requests(response, form.throttled) if form.throttled else response


class PasswordChangeView(auth_views.PasswordChangeView):
    """The old password is checked on the log-in throttle; past it the page answers 429."""

    form_class = ThrottledPasswordChangeForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "request": self.request}

    def form_invalid(self, form: ThrottledPasswordChangeForm) -> HttpResponse:
        response = super().form_invalid(form)
        return too_many_requests(response, form.throttled) if form.throttled else response


class PasswordResetView(auth_views.PasswordResetView):
    """Reset requests count like log-ins (their own count), so nobody can flood an inbox."""

    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        attempt = throttle.begin(
            ThrottleKind.RESET, form.cleaned_data["email"], request_address(self.request)
        )
        if not attempt.allowed:
            form.add_error(None, attempt.message)
            return too_many_requests(self.form_invalid(form), attempt)
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """A new password set through the link also lifts the account's log-in throttle."""

    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: SetPasswordForm) -> HttpResponse:
        response = super().form_valid(form)
        throttle.forget_account(form.user.get_username())
        return response


def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = services.sign_up(
            email=data["email"],
            password=data["password"],
            name=data["name"],
            role=data["role"],
            time_zone=data.get("time_zone") or "UTC",
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome! Add your baby to get started."))
        return redirect("babies:add")
    return render(request, "accounts/signup.html", {"form": form})


def accept_invite(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.find_invitation(token)
    usable = invitation is not None and invitation.is_usable
    if not usable:
        return render(
            request,
            "accounts/invite_invalid.html",
            {"invitation": invitation},
            status=410 if invitation else 404,
        )
    assert invitation is not None
    if request.user.is_authenticated:
        if request.method == "POST":
            try:
                services.accept_invitation(request.user, token)
            except services.FamilyError as exc:
                messages.error(request, str(exc))
                return redirect("home")
            messages.success(
                request, _("You joined %(family)s.") % {"family": invitation.family.name}
            )
            return redirect("home")
        return render(request, "accounts/invite_accept.html", {"invitation": invitation})
    form = SignUpForm(request.POST or None, invitation=True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.sign_up(
                email=data["email"],
                password=data["password"],
                name=data["name"],
                invitation_token=token,
            )
        except services.FamilyError as exc:
            form.add_error(None, str(exc))
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request, _("Welcome to %(family)s.") % {"family": invitation.family.name}
            )
            return redirect("home")
    return render(request, "accounts/invite_signup.html", {"form": form, "invitation": invitation})


@family_required
def family_page(request: FamilyRequest) -> HttpResponse:
    family = request.family
    settings_form = FamilySettingsForm(
        request.POST if request.POST.get("action") == "settings" else None, instance=family
    )
    if request.POST.get("action") == "settings" and settings_form.is_valid():
        settings_form.save()
        messages.success(request, _("Family settings saved."))
        return redirect("accounts:family")
    members = family.memberships.select_related("user").order_by("joined_at")
    pending = Invitation.objects.filter(family=family, used_at__isnull=True).order_by("-created_at")
    return render(
        request,
        "accounts/family.html",
        {
            "members": members,
            "pending": pending,
            "invite_form": InviteForm(),
            "settings_form": settings_form,
            "new_link": request.session.pop("new_invite_link", None),
        },
    )


@require_POST
@family_required
def invite(request: FamilyRequest) -> HttpResponse:
    if not request.membership.is_admin:
        messages.error(request, _("Only the family's admin can invite caregivers."))
        return redirect("accounts:family")
    form = InviteForm(request.POST)
    if form.is_valid():
        _invitation, raw = Invitation.issue(request.family, request.user, form.cleaned_data["role"])
        request.session["new_invite_link"] = request.build_absolute_uri(
            reverse("accounts:accept_invite", args=[raw])
        )
        messages.success(request, _("Invitation created. Send the link below: it works once."))
    else:
        messages.error(request, _("Choose who you are inviting."))
    return redirect("accounts:family")


@require_POST
@family_required
def revoke_invite(request: FamilyRequest, pk: int) -> HttpResponse:
    if request.membership.is_admin:
        Invitation.objects.filter(family=request.family, pk=pk, used_at__isnull=True).delete()
        messages.success(request, _("Invitation cancelled."))
    return redirect("accounts:family")


@require_POST
@family_required
def remove_member(request: FamilyRequest, pk: int) -> HttpResponse:
    membership = Membership.objects.filter(family=request.family, pk=pk).first()
    if membership is None:
        messages.error(request, _("That person is not in your family."))
        return redirect("accounts:family")
    try:
        services.remove_caregiver(request.membership, membership)
    except services.FamilyError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("%(name)s no longer has access to your family.")
            % {"name": membership.user.first_name or membership.user.email},
        )
    return redirect("accounts:family")


@family_required
def settings_page(request: FamilyRequest) -> HttpResponse:
    choosing_language = request.POST.get("action") == "language"
    language_form = LanguageForm(request.POST if choosing_language else None, instance=request.user)
    if choosing_language and language_form.is_valid():
        language_form.save()
        return language_saved(request, language_form.cleaned_data["language"])
    form = ApiTokenForm(
        request.POST if request.method == "POST" and not choosing_language else None
    )
    new_key = None
    if request.method == "POST" and not choosing_language and form.is_valid():
        _token, new_key = ApiToken.issue(request.user, form.cleaned_data["name"])
        form = ApiTokenForm()
    tokens = request.user.api_tokens.order_by("-created_at")
    return render(
        request,
        "accounts/settings.html",
        {"form": form, "tokens": tokens, "new_key": new_key, "language_form": language_form},
    )


def language_saved(request: FamilyRequest, language: str) -> HttpResponse:
    """Say so in the new language, and let the log-in page speak it too (its cookie)."""
    if language:
        translation.activate(language)
    else:
        # The device's language: the cookie goes with this response, so leave it out here.
        request.COOKIES.pop(settings.LANGUAGE_COOKIE_NAME, None)
        translation.activate(translation.get_language_from_request(request))
    messages.success(request, _("Language saved."))
    response = redirect("accounts:settings")
    if language:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite="Lax",  # settings.LANGUAGE_COOKIE_SAMESITE, as set_language sets it
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        )
    else:
        response.delete_cookie(settings.LANGUAGE_COOKIE_NAME)
    return response


@require_POST
@family_required
def revoke_token(request: FamilyRequest, pk: int) -> HttpResponse:
    deleted, _by_model = request.user.api_tokens.filter(pk=pk).delete()
    if deleted:
        messages.success(request, _("API key revoked. Programs using it can no longer connect."))
    return redirect("accounts:settings")
