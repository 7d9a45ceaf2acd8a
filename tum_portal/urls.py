from django.contrib import admin
from django.urls import include, path

from accounts.views import set_language
from tum_portal import health, views

admin.site.login = views.admin_login

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz/", health.healthz, name="healthz"),
    path("healthz/ready/", health.healthz_ready, name="healthz_ready"),
    path("healthz/live/", health.healthz_live, name="healthz_live"),
    path("language/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("<slug:municipality>/", views.municipality_home, name="municipality_home"),
    path("<slug:municipality>/plan/", include("plans.urls")),
    path("<slug:municipality>/activities/", include("activities.urls")),
    path("<slug:municipality>/schools/", include("schools.urls")),
    path("<slug:municipality>/indicators/", include("indicators.urls")),
    path("<slug:municipality>/budget/", include("budget.urls")),
    path("<slug:municipality>/networking/", include("networking.urls")),
    path("<slug:municipality>/reports/", include("reports.urls")),
    path("<slug:municipality>/", include("dashboards.urls")),
    path("<slug:municipality>/", include("reporting.urls")),
]

handler500 = "tum_portal.health.server_error"
