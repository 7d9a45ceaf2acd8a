from functools import wraps

from django.contrib.auth.decorators import login_required

from accounts.selectors import municipality_for_user


def municipality_view(perm="tum.view"):
    """Resolve the URL's municipality code, check `perm` on it, and pass the Municipality on.

    A municipality the user does not belong to answers 404, so its existence does not leak.
    """

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, municipality, *args, **kwargs):
            request.municipality = municipality_for_user(user=request.user, code=municipality, perm=perm)
            return view(request, request.municipality, *args, **kwargs)

        return wrapped

    return decorator
