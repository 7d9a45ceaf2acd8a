"""Our own Lithuanian 404 page also with DEBUG on (the embedded `make run`), where Django would show its
English technical page naming every URL pattern."""

from django.conf import settings
from django.http import Http404
from django.views.defaults import page_not_found


class OwnNotFoundPage:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.DEBUG and response.status_code == 404 and response.get("Content-Type", "").startswith("text/html"):
            return page_not_found(request, Http404())
        return response
