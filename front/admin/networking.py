from django.contrib import admin

from front.admin.reporting import ReviewedItemAdmin
from networking.models import NetworkingEvent


@admin.register(NetworkingEvent)
class NetworkingEventAdmin(ReviewedItemAdmin):
    list_display = ("date", "title", "school", "form", "participants", "state")
    search_fields = ("title", "school__code")
    date_hierarchy = "date"
