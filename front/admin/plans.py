from django.contrib import admin

from plans.models import Area, DataNote, Goal, Objective, Partner, Plan, Risk


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ("title", "municipality", "starts_on", "ends_on", "imported_at")
    list_filter = ("municipality",)
    search_fields = ("title",)


class ObjectiveInline(admin.TabularInline):
    model = Objective
    extra = 0


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):
    list_display = ("number", "title", "plan")
    list_filter = ("plan",)
    inlines = [ObjectiveInline]


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ("code", "name_lt", "name_en", "cross_cutting")


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ("name", "address", "plan")
    list_filter = ("plan", "areas")
    search_fields = ("name", "description")


@admin.register(Risk)
class RiskAdmin(admin.ModelAdmin):
    list_display = ("name", "level", "plan")
    list_filter = ("level", "plan")


@admin.register(DataNote)
class DataNoteAdmin(admin.ModelAdmin):
    list_display = ("source_line", "text_lt", "plan")
    list_filter = ("plan",)
    search_fields = ("text_lt", "text_en")
