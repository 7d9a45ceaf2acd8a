from django.urls import path

from front.views import reports as views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("<int:pk>/download/", views.report_download, name="download"),
    path("<int:pk>/retry/", views.report_retry_view, name="retry"),
    path("retention/", views.retention_update, name="retention"),
]
