from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal import ratelimit
from allauth.core.internal.httpkit import get_client_ip
from django.utils.translation import gettext_lazy as _


class PortalAccountAdapter(DefaultAccountAdapter):
    """No public sign-up: municipal staff invite every user.

    Failed sign-ins are counted per account *and* address, so a stranger who knows a
    staff e-mail slows down only their own attempts, not the owner's; the client
    address is the one the trusted proxy reports (TRUSTED_PROXY_COUNT). A looser limit
    per account alone ("login_failed_account") stops guessing from many addresses.
    A password reset clears both, so the owner can always get back in.
    """

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": _(
            "Per daug nesėkmingų bandymų prisijungti. Pabandykite po kelių minučių arba atkurkite slaptažodį – "
            "nuoroda bus išsiųsta el. paštu."
        ),
    }

    def is_open_for_signup(self, request):
        return False

    def _get_login_attempts_cache_key(self, request, **credentials):
        return f"{super()._get_login_attempts_cache_key(request, **credentials)}:{get_client_ip(request)}"

    def pre_authenticate(self, request, **credentials):
        super().pre_authenticate(request, **credentials)
        self._account_rl_usage = ratelimit.consume(
            request, app="allauth.account", action="login_failed_account", key=self._account_key(credentials)
        )
        if not self._account_rl_usage:
            self._rollback_login_failed_rl_usage()
            raise self.validation_error("too_many_login_attempts")

    def _rollback_login_failed_rl_usage(self):
        super()._rollback_login_failed_rl_usage()
        usage = getattr(self, "_account_rl_usage", None)
        if usage:
            usage.rollback()

    def _delete_login_attempts_cached_email(self, request, **credentials):
        super()._delete_login_attempts_cached_email(request, **credentials)
        ratelimit.clear(
            request, app="allauth.account", action="login_failed_account", key=self._account_key(credentials)
        )

    @staticmethod
    def _account_key(credentials):
        return credentials.get("email", credentials.get("username", "")).lower()
