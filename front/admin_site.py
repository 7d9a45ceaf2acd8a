"""The Django admin belongs to the portal's operators (superusers) only.

It lists every municipality's records, so municipal staff never reach it: their work
is on the portal's own pages, which are scoped to their municipality. An operator
changes data here; records that follow the review workflow are shown read-only,
since they change only through the workflow's services.
"""

from django.contrib import admin


class OperatorAdminSite(admin.AdminSite):
    site_header = "TŪM portalas"
    site_title = "TŪM portalas"

    def has_permission(self, request):
        user = request.user
        return user.is_active and user.is_superuser


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
