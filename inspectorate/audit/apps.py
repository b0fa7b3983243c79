from typing import Any

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate


def _protect_append_only_tables(*, using: str = "default", **kwargs: Any) -> None:
    # On SQLite most schema changes rebuild the table, which drops its triggers; putting them back
    # after every migrate keeps the audit trail and the published versions append-only.
    from .append_only import APPEND_ONLY_TABLES, install

    connection = connections[using]
    existing = set(connection.introspection.table_names())
    for table in APPEND_ONLY_TABLES:
        if table in existing:
            install(connection, table)


class AuditConfig(AppConfig):
    name = "inspectorate.audit"

    def ready(self) -> None:
        post_migrate.connect(_protect_append_only_tables, sender=self, dispatch_uid="audit-append-only")
