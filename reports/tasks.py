from celery import shared_task

from core.jobs import jobs_recover
from reports.models import Report


@shared_task(bind=True, acks_late=True, time_limit=600, soft_time_limit=540)
def generate_report(self, report_id):
    from reports.services import report_run

    report = report_run(report_id, heartbeat=not self.request.is_eager)
    return report.state if report else "skipped"


@shared_task(acks_late=True)
def schedule_quarterly_reports():
    from reports.services import reports_schedule

    return len(reports_schedule())


@shared_task(acks_late=True)
def cleanup_old_reports():
    from reports.services import reports_cleanup

    return reports_cleanup()


@shared_task
def recover_reports():
    """Reports whose worker died are made again (or failed with a reason); unsent ones are sent."""
    return jobs_recover(Report, generate_report)
