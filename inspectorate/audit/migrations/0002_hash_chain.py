"""The audit trail becomes a hash chain: each event gets the previous event's hash and its own, a
one-row chain head serialises appends, and ``at`` is set before hashing rather than on insert."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0001_initial"),
        ("inspections", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="AuditChainHead",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("last_hash", models.CharField(default="0" * 64, max_length=64)),
                ("length", models.PositiveBigIntegerField(default=0)),
            ],
            options={"verbose_name": "audit chain head"},
        ),
        migrations.AlterField(
            model_name="auditevent", name="at",
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now),
        ),
        migrations.AlterField(
            model_name="auditevent", name="actor",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="+", to=settings.AUTH_USER_MODEL),
        ),
        migrations.AlterField(
            model_name="auditevent", name="inspection",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="audit_events", to="inspections.inspection"),
        ),
        migrations.AddField(
            model_name="auditevent", name="previous_hash",
            field=models.CharField(default="", editable=False, max_length=64,
                                   help_text="The hash of the event before this one (zeros for the first)."),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditevent", name="hash",
            field=models.CharField(default="", editable=False, max_length=64,
                                   help_text="SHA-256 over this event's fields and the previous hash."),
            preserve_default=False,
        ),
    ]
