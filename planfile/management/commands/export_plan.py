from django.core.management.base import BaseCommand, CommandError

from planfile.exporter import plan_as_yaml
from plans.models import Plan


class Command(BaseCommand):
    help = "Write a municipality's plan in the plan-file format (to standard output or --output)."

    def add_arguments(self, parser):
        parser.add_argument("--municipality", required=True)
        parser.add_argument("--output")

    def handle(self, *args, municipality, output, **options):
        plan = Plan.objects.filter(municipality__code=municipality).first()
        if plan is None:
            raise CommandError(f"No plan for municipality '{municipality}'")
        text = plan_as_yaml(plan)
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text)
        else:
            self.stdout.write(text)
