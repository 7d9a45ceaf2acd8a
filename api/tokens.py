"""API keys: made by staff for their municipality or by operators for several, shown once, kept hashed."""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from api.models import ApiToken
from schools.models import Municipality

PREFIX = "tum_"
MAX_DAYS = 730


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def token_create(*, user, name, municipalities=(), all_municipalities=False, expires_on=None):
    """Returns (token, secret); the secret is shown once and never stored."""
    municipalities = list(municipalities)
    if not user.is_superuser:
        if (
            all_municipalities
            or len(municipalities) != 1
            or not user.has_perm("tum.manage_api_tokens", municipalities[0])
        ):
            raise PermissionDenied(_("Raktą savo savivaldybei gali sukurti tik jos koordinavimo komanda."))
    if not all_municipalities and not municipalities:
        raise ValidationError(_("Pasirinkite bent vieną savivaldybę."))
    today = timezone.localdate()
    expires_on = expires_on or today + datetime.timedelta(days=365)
    if not today < expires_on <= today + datetime.timedelta(days=MAX_DAYS):
        raise ValidationError(_("Raktas turi galioti nuo rytojaus iki dvejų metų."))
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        name=name.strip() or _("API raktas"),
        prefix=secret[: len(PREFIX) + 6],
        key_hash=hash_secret(secret),
        all_municipalities=all_municipalities,
        created_by=user,
        expires_at=timezone.make_aware(datetime.datetime.combine(expires_on, datetime.time.max)),
    )
    token.municipalities.set(municipalities)
    return token, secret


def token_revoke(*, user, token):
    if not user.is_superuser and not (
        not token.all_municipalities
        and token.municipalities.exists()
        and all(user.has_perm("tum.manage_api_tokens", m) for m in token.municipalities.all())
    ):
        raise PermissionDenied(_("Šio rakto atšaukti negalite."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def tokens_of(municipality):
    """The keys that reach exactly this municipality and no other (those staff may see and revoke)."""
    return (
        ApiToken.objects.filter(municipalities=municipality, all_municipalities=False)
        .exclude(municipalities__in=Municipality.objects.exclude(pk=municipality.pk))
        .select_related("created_by")
    )


def token_for_secret(secret):
    """The active token for a presented secret, or None."""
    if not secret or not secret.startswith(PREFIX):
        return None
    token = ApiToken.objects.filter(key_hash=hash_secret(secret)).first()
    if token is None or not token.is_active:
        return None
    now = timezone.now()
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
    return token


def over_rate_limit(token) -> bool:
    """Counts the token's calls in the current minute (in the shared cache); True once past the limit."""
    minute = int(timezone.now().timestamp() // 60)
    key = f"api-rate:{token.pk}:{minute}"
    cache.add(key, 0, timeout=120)
    try:
        calls = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=120)
        calls = 1
    return calls > settings.API_RATE_LIMIT_PER_MINUTE


def municipality_scope(token):
    """A queryset of the municipalities the token may read."""
    if token.all_municipalities:
        return Municipality.objects.all()
    return Municipality.objects.filter(api_tokens=token)
