"""Published versions are frozen in the database itself: triggers refuse UPDATE and DELETE on
``reports_publishedreport`` (SQLite and PostgreSQL). A correction is a new row, never an update.

``published_by`` becomes PROTECT: setting it to NULL when a user is deleted would be an UPDATE.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from inspectorate.audit.append_only import migration_operations

forward, reverse = migration_operations("reports_publishedreport")


class Migration(migrations.Migration):

    dependencies = [
        ("reports", "0001_initial"),
        ("audit", "0004_append_only_triggers"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="publishedreport", name="published_by",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="+", to=settings.AUTH_USER_MODEL),
        ),
        migrations.RunPython(forward, reverse),
    ]
