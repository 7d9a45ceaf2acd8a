from django.contrib import admin

from schools.models import Municipality, NetworkLink, School


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ("name", "code")
    search_fields = ("name", "code")


class NetworkLinkInline(admin.TabularInline):
    model = NetworkLink
    fk_name = "school"
    autocomplete_fields = ("partner",)
    extra = 0


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "municipality")
    list_filter = ("kind", "municipality")
    search_fields = ("code", "name", "former_name")
    readonly_fields = ("number",)
    inlines = [NetworkLinkInline]
    ordering = ("municipality", "kind", "number")
