from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import Invitation, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ("email",)
    list_display = ("email", "first_name", "last_name", "role", "municipality", "is_active")
    list_filter = ("role", "municipality", "is_active")
    search_fields = ("email", "first_name", "last_name")
    filter_horizontal = ("schools",)
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Asmuo"), {"fields": ("first_name", "last_name", "language")}),
        (_("Prieiga"), {"fields": ("municipality", "role", "schools", "is_active")}),
        (_("Administravimas"), {"fields": ("is_staff", "is_superuser", "last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    readonly_fields = ("last_login", "date_joined")


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("user", "invited_by", "sent_at", "accepted_at")
