"""Demo accounts for a first look at the portal (make run). Never used in production."""

import time

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.db import transaction

from accounts.models import User
from schools.models import Municipality, School

DEMO_DOMAIN = "kaunas.example"
# A fixed TOTP secret so that the demo staff login can be reproduced; add it to any authenticator app.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPKAUNASTUMDEMOABC"

DEMO_ACCOUNTS = [
    {
        "email": f"darbuotojas@{DEMO_DOMAIN}",
        "password": "Demo-darbuotojas-2024",
        "role": User.Role.STAFF,
        "first_name": "Rūta",
        "last_name": "Darbuotoja",
        "schools": [],
    },
    {
        "email": f"koordinatorius.g1@{DEMO_DOMAIN}",
        "password": "Demo-koordinatorius-2024",
        "role": User.Role.COORDINATOR,
        "first_name": "Jonas",
        "last_name": "Koordinatorius",
        "schools": ["G1"],
    },
    {
        "email": f"stebetojas@{DEMO_DOMAIN}",
        "password": "Demo-stebetojas-2024",
        "role": User.Role.VIEWER,
        "first_name": "Aistė",
        "last_name": "Stebėtoja",
        "schools": [],
    },
]
DEMO_COORDINATORS = [account["email"] for account in DEMO_ACCOUNTS if account["role"] == User.Role.COORDINATOR]


def demo_accounts_create(*, municipality_code="kaunas"):
    """Create (or leave as they are) the three demo accounts; returns [(account, created)]."""
    municipality = Municipality.objects.get(code=municipality_code)
    results = []
    with transaction.atomic():
        for account in DEMO_ACCOUNTS:
            user = User.objects.filter(email=account["email"]).first()
            created = user is None
            if created:
                user = User(
                    email=account["email"],
                    first_name=account["first_name"],
                    last_name=account["last_name"],
                    role=account["role"],
                    municipality=municipality,
                )
                user.set_password(account["password"])
                user.save()
                user.schools.set(School.objects.filter(municipality=municipality, code__in=account["schools"]))
                if account["role"] == User.Role.STAFF:
                    TOTP.activate(user, DEMO_TOTP_SECRET)
            results.append((account, created))
    return results


def demo_totp_code(email):
    if not email.endswith(f"@{DEMO_DOMAIN}"):
        raise ValueError("Only demo accounts")
    if not Authenticator.objects.filter(user__email=email, type=Authenticator.Type.TOTP).exists():
        raise ValueError("No authenticator")
    return format_hotp_value(hotp_value(DEMO_TOTP_SECRET, int(time.time()) // 30))
