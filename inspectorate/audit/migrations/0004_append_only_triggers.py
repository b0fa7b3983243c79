"""The audit trail is append-only in the database itself: triggers refuse UPDATE and DELETE on
``audit_auditevent`` (SQLite and PostgreSQL), and no two events may share a predecessor or a hash."""

from django.db import migrations, models

from inspectorate.audit.append_only import migration_operations

forward, reverse = migration_operations("audit_auditevent")


class Migration(migrations.Migration):

    dependencies = [("audit", "0003_chain_existing_events")]

    operations = [
        migrations.AddConstraint(
            model_name="auditevent",
            constraint=models.UniqueConstraint(fields=("previous_hash",), name="one_successor_per_audit_event"),
        ),
        migrations.AddConstraint(
            model_name="auditevent",
            constraint=models.UniqueConstraint(fields=("hash",), name="unique_audit_event_hash"),
        ),
        migrations.RunPython(forward, reverse),
    ]
