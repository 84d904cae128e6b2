"""Admin for organisations, staff, consents, the access log and urgent alerts.

Undelivered alerts are kept in view; consents and the access log are records, read-only.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from . import services
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
