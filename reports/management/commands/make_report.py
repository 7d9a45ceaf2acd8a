import re
import resource
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from plans.models import Plan
from reports.content import build_content
from reports.models import Report
from reports.national import render_national_budget_xlsx
from reports.national_summary import national_summary, render_national_summary_pdf, render_national_summary_xlsx
from reports.periods import PeriodSpecError, period_is_valid
from reports.services import previous_report, render_report
from schools.models import School


class Command(BaseCommand):
    help = "Make a report now, the same way the background task does, and write it to a file."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=[k for k, _ in Report.Kind.choices])
        parser.add_argument(
            "--municipality",
            required=True,
            help="municipality code; 'all' for the national summary (or, with budget, xlsx and --period all, "
            "every budget line of the country)",
        )
        parser.add_argument("--period", required=True, help="2025-Q4, 2025-H2, 2025 or all")
        parser.add_argument("--format", choices=[f for f, _ in Report.Format.choices], default="pdf")
        parser.add_argument("--school", help="school code, for the school report")
        parser.add_argument("--output", required=True)

    def handle(self, *args, kind, municipality, period, format, school, output, **options):
        if municipality == "all":
            self._national(kind, period, format, output)
            return
        plan = Plan.objects.filter(municipality__code=municipality).select_related("municipality").first()
        if plan is None:
            raise CommandError(f"No plan for municipality '{municipality}'")
        school_obj = None
        if school:
            school_obj = School.objects.filter(municipality=plan.municipality, code=school).first()
            if school_obj is None:
                raise CommandError(f"No school '{school}' in {municipality}")
        if kind == Report.Kind.SCHOOL and school_obj is None:
            raise CommandError("The school report needs --school")
        started = time.perf_counter()
        try:
            content = build_content(
                plan,
                kind,
                period,
                school=school_obj,
                requested_by=_("komandinė eilutė: %(command)s") % {"command": "manage.py make_report"},
                previous=previous_report(plan, kind, period, school_obj),
            )
        except PeriodSpecError as error:
            raise CommandError(str(error)) from None
        render_report(content, format, output)
        peak = peak_memory_mib()
        self.stdout.write(
            f"Wrote {output} ({time.perf_counter() - started:.2f} s, peak memory of the process {peak:.0f} MiB, "
            f"data checksum {content['checksum'][:12]})"
        )

    def _national(self, kind, period, format, output):
        """Every budget line of the country (budget, xlsx), or the national summary of the period (PDF or xlsx)."""
        started = time.perf_counter()
        if kind == Report.Kind.BUDGET and format == "xlsx" and period == "all":
            _total, lines = render_national_budget_xlsx(output)
            what = f"{lines} budget lines"
        else:
            if not period_is_valid(period):
                raise CommandError(_("Laikotarpis turi būti, pvz., 2025-Q4, 2025-H2, 2025 arba all."))
            summary = national_summary(period)
            render = render_national_summary_pdf if format == "pdf" else render_national_summary_xlsx
            render(summary, output)
            what = f"national summary of {summary['municipalities']} municipalities"
        self.stdout.write(
            f"Wrote {output}: {what} ({time.perf_counter() - started:.2f} s, peak memory {peak_memory_mib():.0f} MiB)"
        )


def peak_memory_mib():
    """The process's own peak resident memory. Linux's VmHWM starts afresh at exec, where ru_maxrss
    would also count the parent's memory the process was forked with."""
    status = Path("/proc/self/status")
    if status.exists():
        found = re.search(r"^VmHWM:\s+(\d+) kB", status.read_text(), re.M)
        if found:
            return int(found.group(1)) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
