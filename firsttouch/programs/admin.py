"""Admin for organisations, staff, consents, the access log and urgent alerts.

Undelivered alerts are kept in view; consents and the access log are records, read-only.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from . import services, twofactor
from .models import (
    AccessLog,
    Alert,
    Consent,
    DeliveryStatus,
    Organisation,
    StaffInvitation,
    StaffMembership,
)

# The admin index shows a banner while any urgent alert is undelivered.
admin.site.index_template = "programs/admin/index.html"


# --- The admin is behind the second factor, like every staff page ------------------------------
# The admin shows every family's data, so a password alone must not open it (issue 11, gap 1).
# The password is still checked by the admin's own (throttled) log-in form; the second factor
# is the staff pages' own step (/staff/two-factor/), so there is one way to enrol a device and
# one way to type a code.

ADMIN_SETUP_MESSAGE = (
    "The admin shows families' data, so it needs two-factor authentication. "
    "Set up an authenticator app first; you go on to the admin after it."
)
ADMIN_VERIFY_MESSAGE = "To open the admin, type the code your authenticator app shows now."


def admin_has_permission(request: HttpRequest) -> bool:
    """An active account with the admin flag whose session passed the second factor."""
    user = request.user
    return bool(user.is_active and user.is_staff and user.is_verified())  # type: ignore[attr-defined]


def second_factor_detour(request: HttpRequest) -> HttpResponse | None:
    """Where a signed-in admin without a verified session goes first, or None (log in)."""
    user = request.user
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return None
    if user.is_verified():  # type: ignore[attr-defined]
        return None
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = ""
    query = urlencode({"next": target or reverse("admin:index")})
    if twofactor.has_device(user):
        messages.info(request, ADMIN_VERIFY_MESSAGE)
        return redirect(f"{reverse('staff:verify')}?{query}")
    messages.warning(request, ADMIN_SETUP_MESSAGE)
    return redirect(f"{reverse('staff:setup')}?{query}")


_password_login = admin.site.login


def admin_login(request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
    """The admin's log-in page, or the second factor for someone past the password."""
    if request.method == "GET":
        detour = second_factor_detour(request)
        if detour is not None:
            return detour
    return _password_login(request, extra_context)


admin.site.has_permission = admin_has_permission  # type: ignore[method-assign]
admin.site.login = admin_login  # type: ignore[method-assign]


class StaffInline(admin.TabularInline[StaffMembership, Organisation]):
    model = StaffMembership
    extra = 0
    raw_id_fields = ["user"]
    fields = ["user", "role", "joined_at", "ended_at"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    """The operator's view of organisations; ``firsttouch create_organisation`` invites the
    first admin, and staff memberships can be ended here (set "ended at")."""

    list_display = ["name", "kind", "contact_email", "join_code", "created_at"]
    list_filter = ["kind"]
    search_fields = ["name", "contact_email", "join_code"]
    inlines = [StaffInline]


@admin.register(StaffInvitation)
class StaffInvitationAdmin(admin.ModelAdmin[StaffInvitation]):
    list_display = ["email", "organisation", "role", "created_at", "expires_at", "accepted_at"]
    list_filter = ["organisation", "role"]
    search_fields = ["email", "organisation__name"]
    readonly_fields = ["token_hash", "invited_by", "accepted_by", "accepted_at", "created_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # the link is e-mailed once: invite from the staff page or the command


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin[Consent]):
    list_display = ["caregiver", "organisation", "consent_version", "consented_at", "revoked_at"]
    list_filter = ["organisation", ("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["caregiver__email", "organisation__name"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # consent is hers to give, on her sharing page

    def has_change_permission(self, request: HttpRequest, obj: Consent | None = None) -> bool:
        return False  # what she agreed to is a record

    def has_delete_permission(self, request: HttpRequest, obj: Consent | None = None) -> bool:
        return False


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin[AccessLog]):
    list_display = ["at", "staff", "organisation", "family_id", "categories", "what", "why"]
    list_filter = ["organisation"]
    search_fields = ["staff__email", "what", "why"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AccessLog | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AccessLog | None = None) -> bool:
        return False  # append-only


class UndeliveredFilter(admin.SimpleListFilter):
    title = "delivery"
    parameter_name = "undelivered"

    def lookups(
        self, request: HttpRequest, model_admin: admin.ModelAdmin[Alert]
    ) -> list[tuple[str, str]]:
        return [("yes", "Undelivered (pending or failed)")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Alert]) -> QuerySet[Alert]:
        if self.value() == "yes":
            return queryset.exclude(delivery_status=DeliveryStatus.DELIVERED)
        return queryset


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin[Alert]):
    list_display = [
        "created_at",
        "organisation",
        "kind",
        "priority",
        "respondent",
        "delivery_status",
        "delivery_attempts",
        "acknowledged_at",
    ]
    list_filter = [
        UndeliveredFilter,
        "delivery_status",
        "organisation",
        "kind",
        ("acknowledged_at", admin.EmptyFieldListFilter),
    ]
    search_fields = ["respondent__email", "organisation__name"]
    readonly_fields = [
        "organisation",
        "kind",
        "respondent",
        "response_id",
        "created_at",
        "delivery_status",
        "delivery_attempts",
        "last_attempt_at",
        "last_error",
        "delivered_at",
        "acknowledged_at",
        "priority",
        "family_id",
        "source_kind",
        "source_id",
        "code",
        "claimed_until",
        "acknowledged_by",
        "resolved_at",
        "resolved_by",
        "resolution_note",
        "escalated_to_on_call_at",
        "escalated_to_admins_at",
        "escalation_claimed_until",
        "escalation_attempts",
        "escalation_error",
    ]
    actions = ["retry_delivery", "mark_acknowledged"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # alerts come only from what raised them (screenings, red flags)

    def has_delete_permission(self, request: HttpRequest, obj: Alert | None = None) -> bool:
        return False  # an urgent alert is a record: acknowledge it, never delete it

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, object] | None = None
    ) -> HttpResponse:
        if request.method == "GET":
            unrecorded = services.unrecorded_count()
            if unrecorded:
                messages.error(
                    request,
                    f"{unrecorded} urgent alert(s) could not be recorded "
                    "and are not in this list yet: the worker retries them; run "
                    "`firsttouch check_alerts` to see which screenings.",
                )
            count = services.undelivered_count()
            if count:
                messages.warning(
                    request,
                    f"{count} urgent alert(s) not delivered by e-mail "
                    "yet. Contact the clinics directly and check the e-mail "
                    "settings.",
                )
        return super().changelist_view(request, extra_context)

    @admin.action(description="Retry the e-mail for the selected alerts")
    def retry_delivery(self, request: HttpRequest, queryset: QuerySet[Alert]) -> None:
        delivered, left = services.deliver_pending(
            queryset.exclude(delivery_status=DeliveryStatus.DELIVERED).select_related(
                "organisation"
            )
        )
        level = messages.SUCCESS if not left else messages.WARNING
        self.message_user(request, f"Delivered {delivered}; {left} still undelivered.", level)

    @admin.action(description="Mark the selected alerts acknowledged")
    def mark_acknowledged(self, request: HttpRequest, queryset: QuerySet[Alert]) -> None:
        for alert in queryset:
            services.acknowledge(alert, by=request.user)  # type: ignore[arg-type]
        self.message_user(request, "Marked acknowledged.", messages.SUCCESS)
