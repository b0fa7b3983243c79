"""``inspectorate worker``: the background worker that runs the jobs (django-tasks' database worker).

Run one or more beside the app servers; each takes one task at a time from the database, so any
number of workers on any number of machines share the queue safely (docs/jobs.md). Options are the
database worker's: ``--interval``, ``--batch``, ``--max-tasks``, ``--queue-name``, ``--worker-id``.
"""

from __future__ import annotations

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorker


class Command(DatabaseWorker):
    help = "Run the background worker: monitoring runs, publications, report imports and observation loads."
