"""Admin for municipal staff: each sees only their own municipality's records."""

from django.contrib import admin


class MunicipalityScopedAdmin(admin.ModelAdmin):
    """`municipality_path` names the lookup from the model to its Municipality."""

    municipality_path = "municipality"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{self.municipality_path: request.user.municipality_id})

    def _is_staff(self, request):
        user = request.user
        return user.is_active and (user.is_superuser or (user.is_municipal_staff and user.municipality_id))

    def has_module_permission(self, request):
        return self._is_staff(request)

    def has_view_permission(self, request, obj=None):
        return self._is_staff(request)

    def has_change_permission(self, request, obj=None):
        return self._is_staff(request)

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
