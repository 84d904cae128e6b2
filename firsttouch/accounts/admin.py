from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest, HttpResponseBase
from django.urls import reverse

from .forms import ThrottledAdminAuthenticationForm, ThrottledAdminPasswordChangeForm
from .models import ApiToken, Family, Invitation, Membership, User
from .views import PasswordChangeView, answers_429_when_throttled

# /admin/login/ is a way in like any other: the same throttle, the same 429 (issue 10, #4).
admin.site.login_form = ThrottledAdminAuthenticationForm
admin.site.login = answers_429_when_throttled(admin.site.login)  # type: ignore[method-assign]


def admin_password_change(request: HttpRequest, extra_context: Any = None) -> HttpResponseBase:
    """/admin/password_change/ checks the old password too: the same throttle, the same 429.

    Django's ``AdminSite.password_change`` names its form class in code, so the view is
    replaced by the same steps with the throttled form and view.
    """
    site = admin.site
    options: dict[str, Any] = {
        "form_class": ThrottledAdminPasswordChangeForm,
        "success_url": reverse("admin:password_change_done", current_app=site.name),
        "extra_context": {**site.each_context(request), **(extra_context or {})},
        "template_name": site.password_change_template or "registration/password_change_form.html",
    }
    request.current_app = site.name
    return PasswordChangeView.as_view(**options)(request)


admin.site.password_change = admin_password_change  # type: ignore[assignment,method-assign]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(User)
class FirsttouchUserAdmin(UserAdmin):
    list_display = ("username", "first_name", "is_staff", "date_joined")


@admin.register(Family)
class FamilyAdmin(admin.ModelAdmin):
    list_display = ("name", "time_zone", "created_at")
    search_fields = ("name",)
    inlines = [MembershipInline]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("family", "role", "created_at", "expires_at", "used_at")
    exclude = ("token_hash",)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("user", "name", "prefix", "created_at", "last_used_at")
    exclude = ("key_hash",)
