"""Admin for clinics, consents and urgent alerts, with undelivered alerts kept in view."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from . import services
from .models import Alert, Clinic, ClinicShare, DeliveryStatus

# The admin index shows a banner while any urgent alert is undelivered.
admin.site.index_template = "programs/admin/index.html"


@admin.register(Clinic)
class ClinicAdmin(admin.ModelAdmin[Clinic]):
    list_display = ["name", "contact_email", "join_code", "created_at"]
    search_fields = ["name", "contact_email", "join_code"]


@admin.register(ClinicShare)
class ClinicShareAdmin(admin.ModelAdmin[ClinicShare]):
    list_display = ["mother", "clinic", "consented_at", "revoked_at"]
    list_filter = ["clinic", ("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["mother__email", "clinic__name"]
    raw_id_fields = ["mother"]


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
        "clinic",
        "kind",
        "respondent",
        "delivery_status",
        "delivery_attempts",
        "acknowledged_at",
    ]
    list_filter = [
        UndeliveredFilter,
        "delivery_status",
        "clinic",
        "kind",
        ("acknowledged_at", admin.EmptyFieldListFilter),
    ]
    search_fields = ["respondent__email", "clinic__name"]
    readonly_fields = [
        "clinic",
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
    ]
    actions = ["retry_delivery", "mark_acknowledged"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # alerts come only from completed screenings

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
            queryset.exclude(delivery_status=DeliveryStatus.DELIVERED).select_related("clinic")
        )
        level = messages.SUCCESS if not left else messages.WARNING
        self.message_user(request, f"Delivered {delivered}; {left} still undelivered.", level)

    @admin.action(description="Mark the selected alerts acknowledged")
    def mark_acknowledged(self, request: HttpRequest, queryset: QuerySet[Alert]) -> None:
        for alert in queryset:
            services.acknowledge(alert)
        self.message_user(request, "Marked acknowledged.", messages.SUCCESS)
