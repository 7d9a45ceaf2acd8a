from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers


class LanguageMiddleware:
    """Lithuanian unless the person chose English: their account's choice, else the language cookie.

    The browser's Accept-Language is deliberately ignored: the portal is Lithuanian first.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        languages = dict(settings.LANGUAGES)
        language = settings.LANGUAGE_CODE
        cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if cookie in languages:
            language = cookie
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language in languages:
            language = user.language
        request.LANGUAGE_CODE = language
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response


class StaffTwoFactorMiddleware:
    """Municipal staff and superusers must set up TOTP before they do anything else."""

    # The API answers to keys, never to a session; the public pages show the same to everyone.
    allowed_prefixes = ("/accounts/", "/static/", "/language/", "/api/v1/", "/public/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.is_municipal_staff
            and not request.path.startswith(self.allowed_prefixes)
            and not is_mfa_enabled(user)
        ):
            return redirect(f"{reverse('mfa_activate_totp')}?next={request.path}")
        return self.get_response(request)
