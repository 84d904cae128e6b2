from django.contrib import admin

from .models import Delivery, PushSubscription, ReminderSettings, ReminderState


@admin.register(ReminderSettings)
class ReminderSettingsAdmin(admin.ModelAdmin):
    list_display = ["user", "massage_time", "email_enabled", "screening_reminders"]
    exclude = ["feed_token_hash"]


@admin.register(ReminderState)
class ReminderStateAdmin(admin.ModelAdmin):
    list_display = ["user", "key", "declined", "snoozed_until"]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["user", "key", "channel", "sent_at"]


@admin.register(PushSubscription)
class PushSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["user", "label", "created_at", "last_success_at", "failures"]
    exclude = ["endpoint", "p256dh", "auth"]
