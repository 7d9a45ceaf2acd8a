from django.contrib import admin
from django.urls import include, path

from api.http import api_urls
from api.v1 import api
from front.views import home as views
from front.views.accounts import set_language
from tum_portal import health

admin.site.login = views.admin_login

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz/", health.healthz, name="healthz"),
    path("healthz/ready/", health.healthz_ready, name="healthz_ready"),
    path("healthz/live/", health.healthz_live, name="healthz_live"),
    path("language/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("api/v1/", api_urls(api)),
    path("accounts/", include("allauth.urls")),
    path("", include("front.urls.accounts")),
    path("", include("front.urls.opendata")),
    path("<slug:municipality>/", views.municipality_home, name="municipality_home"),
    path("<slug:municipality>/plan/", include("front.urls.plans")),
    path("<slug:municipality>/activities/", include("front.urls.activities")),
    path("<slug:municipality>/schools/", include("front.urls.schools")),
    path("<slug:municipality>/indicators/", include("front.urls.indicators")),
    path("<slug:municipality>/budget/", include("front.urls.budget")),
    path("<slug:municipality>/networking/", include("front.urls.networking")),
    path("<slug:municipality>/reports/", include("front.urls.reports")),
    path("<slug:municipality>/", include("front.urls.dashboards")),
    path("<slug:municipality>/", include("front.urls.reporting")),
]

handler500 = "tum_portal.health.server_error"
