from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal.httpkit import get_client_ip
from django.utils.translation import gettext_lazy as _


class PortalAccountAdapter(DefaultAccountAdapter):
    """No public sign-up: municipal staff invite every user.

    Failed sign-ins are counted per account *and* address, so a stranger who knows a
    staff e-mail slows down only their own attempts, not the owner's; the client
    address is the one the trusted proxy reports (TRUSTED_PROXY_COUNT). A password
    reset clears the count for the address it is made from, so the owner can always get back in.
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
