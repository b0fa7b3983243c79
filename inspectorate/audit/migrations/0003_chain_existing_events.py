"""Give the events already in the trail (a demo or an older database) their chain.

The events are chained in id order, the order they were written in, over their stored fields; the
chain head then holds the newest hash. This runs before migration 0004 makes the table refuse
UPDATE, and it is the only write to existing events there will ever be.
"""

from django.db import migrations

from inspectorate.audit.chain import GENESIS, event_hash


def chain_existing(apps, schema_editor):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    AuditChainHead = apps.get_model("audit", "AuditChainHead")
    previous, length = GENESIS, 0
    for event in AuditEvent.objects.order_by("id").iterator():
        digest = event_hash(
            previous=previous, at=event.at, actor_id=event.actor_id, inspection_id=event.inspection_id,
            action=event.action, object_type=event.object_type, object_id=event.object_id,
            summary=event.summary, before=event.before, after=event.after,
        )
        AuditEvent.objects.filter(pk=event.pk).update(previous_hash=previous, hash=digest)
        previous, length = digest, length + 1
    AuditChainHead.objects.update_or_create(pk=1, defaults={"last_hash": previous, "length": length})


def unchain(apps, schema_editor):
    apps.get_model("audit", "AuditChainHead").objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [("audit", "0002_hash_chain")]

    operations = [migrations.RunPython(chain_existing, unchain)]
