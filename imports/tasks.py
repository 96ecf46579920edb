"""Background work of imports: each task takes the job's id and re-reads it.

The job's status guards the work (a task finds its job in the state the view left it in, or
does nothing), so a task delivered twice does the work once. Large files take minutes, hence
the longer time limits than the project's default.
"""

from celery import shared_task

from . import actions


@shared_task(
    name="imports.tasks.check_import", soft_time_limit=1800, time_limit=1900, ignore_result=True
)
def check_import(job_id: int) -> None:
    actions.run_check(job_id)


@shared_task(
    name="imports.tasks.run_import", soft_time_limit=1800, time_limit=1900, ignore_result=True
)
def run_import(job_id: int) -> None:
    actions.run_import(job_id)


@shared_task(
    name="imports.tasks.undo_import", soft_time_limit=1800, time_limit=1900, ignore_result=True
)
def undo_import(job_id: int) -> None:
    actions.run_undo(job_id)


@shared_task(name="imports.tasks.purge_old_files", ignore_result=True)
def purge_old_files() -> int:
    return actions.import_files_purge()
