"""Around every API answer: ETag / If-None-Match, no shared caching, JSON for refused methods and unknown
paths, and one log row per call."""

import functools
import hashlib

from django.http import HttpResponseNotModified
from django.urls import path
from django.utils.cache import patch_vary_headers
from django.views.decorators.csrf import csrf_exempt

from api.errors import error_response
from api.models import ApiCall


def _etag(content):
    return f'"{hashlib.sha256(content).hexdigest()[:40]}"'


def _matches(header, etag):
    return header.strip() == "*" or etag in [tag.strip().removeprefix("W/") for tag in header.split(",")]


def api_view(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 405:
            response = error_response("method_not_allowed")
            response["Allow"] = "GET, HEAD"
        if request.method in ("GET", "HEAD") and response.status_code == 200 and not response.streaming:
            etag = _etag(response.content)
            if _matches(request.headers.get("If-None-Match", ""), etag):
                response = HttpResponseNotModified()
            response["ETag"] = etag
        response["Cache-Control"] = "private, no-cache"
        patch_vary_headers(response, ("Authorization",))
        ApiCall.objects.create(
            token=getattr(request, "api_token", None),
            method=request.method[:10],
            path=request.get_full_path()[:500],
            status=response.status_code,
        )
        return response

    return wrapped


@api_view
@csrf_exempt
def not_found(request, rest=""):
    return error_response("not_found")


def api_urls(api):
    """The API's URL patterns, each view wrapped, and a JSON 404 for any other path under it."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        pattern.callback = api_view(pattern.callback)
    return [*patterns, path("<path:rest>", not_found)], app_name, namespace
