from django.core.management.base import BaseCommand, CommandError

from demo.accounts import DEMO_TOTP_SECRET, demo_accounts_create
from schools.models import Municipality


class Command(BaseCommand):
    help = "Create the demo accounts (staff, coordinator of G1, viewer) and print their logins. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--municipality", default="kaunas")

    def handle(self, *args, municipality, **options):
        if not Municipality.objects.filter(code=municipality).exists():
            raise CommandError(f"Municipality '{municipality}' has no plan yet: run import_plan first.")
        results = demo_accounts_create(municipality_code=municipality)
        self.stdout.write("")
        self.stdout.write("Demo accounts (http://127.0.0.1:8000/):")
        for account, created in results:
            state = "created" if created else "exists"
            self.stdout.write(f"  {account['role']:<12} {account['email']:<36} {account['password']:<26} ({state})")
        self.stdout.write(
            "  Staff sign in with a second factor: add the TOTP secret "
            f"{DEMO_TOTP_SECRET} to an authenticator app,\n"
            "  or print the current code with: .venv/bin/python manage.py demo_totp_code"
        )
        self.stdout.write("")
