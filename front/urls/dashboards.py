from django.urls import path

from front.views import dashboards as views

app_name = "dashboards"

urlpatterns = [
    path("dashboard/", views.municipality_dashboard, name="municipality"),
    path("dashboard/recompute/", views.recompute, name="recompute"),
    path("dashboard/<str:code>/", views.school_dashboard, name="school"),
    path("networking/", views.networking_dashboard, name="networking"),
]
