from demo.accounts import DEMO_ACCOUNTS

DEMO_EMAILS = frozenset(account["email"] for account in DEMO_ACCOUNTS)


def demo_notice(request):
    """Whether the signed-in person is a demo account, who is told on every page that the data are a demo."""
    user = getattr(request, "user", None)
    return {"demo_account": bool(user is not None and user.is_authenticated and user.email in DEMO_EMAILS)}
