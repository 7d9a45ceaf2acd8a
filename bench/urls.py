"""The portal's URLs plus a bare view that measures the floor: what any request costs."""

from django.http import HttpResponse
from django.urls import include, path


def floor(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/floor/", floor), path("", include("tum_portal.urls"))]
