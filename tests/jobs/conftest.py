from __future__ import annotations

from typing import Any

import pytest

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def queued(settings: Any) -> None:
    """Tasks are queued in the database, as in production, until a worker runs them (``work_off``)."""
    settings.TASKS = DATABASE_TASKS
