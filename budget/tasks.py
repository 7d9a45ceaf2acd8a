from celery import shared_task

from budget.models import ExpenditureImport
from core.jobs import jobs_recover


@shared_task(bind=True, acks_late=True, time_limit=600, soft_time_limit=540)
def import_expenditures(self, job_id):
    from budget.imports import expenditure_import_run

    job = expenditure_import_run(job_id, heartbeat=not self.request.is_eager)
    return job.state if job else "skipped"


@shared_task
def recover_imports():
    """Imports whose worker died are run again (or failed with a reason); unsent ones are sent."""
    return jobs_recover(ExpenditureImport, import_expenditures)
