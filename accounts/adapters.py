from allauth.account.adapter import DefaultAccountAdapter


class PortalAccountAdapter(DefaultAccountAdapter):
    """No public sign-up: municipal staff invite every user."""

    def is_open_for_signup(self, request):
        return False
