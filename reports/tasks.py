from celery import shared_task

from .services import report_run, reports_cleanup, reports_schedule


@shared_task(acks_late=True, time_limit=600, soft_time_limit=540)
def generate_report(report_id):
    report = report_run(report_id)
    return report.state if report else "skipped"


@shared_task(acks_late=True)
def schedule_quarterly_reports():
    return len(reports_schedule())


@shared_task(acks_late=True)
def cleanup_old_reports():
    return reports_cleanup()
