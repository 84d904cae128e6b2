from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .forms import ThrottledAdminAuthenticationForm
from .models import ApiToken, Family, Invitation, Membership, User
from .views import answers_429_when_throttled

# /admin/login/ is a way in like any other: the same throttle, the same 429 (issue 10, #4).
admin.site.login_form = ThrottledAdminAuthenticationForm
admin.site.login = answers_429_when_throttled(admin.site.login)  # type: ignore[method-assign]


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
