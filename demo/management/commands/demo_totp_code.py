from django.core.management.base import BaseCommand, CommandError

from demo.accounts import DEMO_ACCOUNTS, demo_totp_code


class Command(BaseCommand):
    help = "Print the current two-factor code of the demo staff account."

    def add_arguments(self, parser):
        parser.add_argument("--email", default=DEMO_ACCOUNTS[0]["email"])

    def handle(self, *args, email, **options):
        try:
            self.stdout.write(demo_totp_code(email))
        except ValueError as error:
            raise CommandError(str(error)) from None
