from django.contrib import admin

from networking.models import NetworkingEvent
from reporting.admin import ReviewedItemAdmin


@admin.register(NetworkingEvent)
class NetworkingEventAdmin(ReviewedItemAdmin):
    list_display = ("date", "title", "school", "form", "participants", "state")
    search_fields = ("title", "school__code")
    date_hierarchy = "date"
