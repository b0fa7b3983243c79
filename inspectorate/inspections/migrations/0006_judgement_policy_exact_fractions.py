"""A judgement's policy keeps each threshold as its exact fraction's text ("1/3"), not a float."""

from __future__ import annotations

from fractions import Fraction

from django.db import migrations


def _exact(value):
    if isinstance(value, str):
        return str(Fraction(value))
    # Stored before as the float nearest a programme's six-place threshold (1/3 as 0.333...):
    # the nearest fraction with a denominator up to a million is the one it stood for.
    return str(Fraction(repr(float(value))).limit_denominator(10**6))


def to_fraction_text(apps, schema_editor):
    Judgement = apps.get_model("inspections", "Judgement")
    for judgement in Judgement.objects.exclude(policy={}).only("pk", "policy"):
        policy = {key: _exact(value) for key, value in judgement.policy.items()}
        if policy != judgement.policy:
            Judgement.objects.filter(pk=judgement.pk).update(policy=policy)


class Migration(migrations.Migration):
    dependencies = [("inspections", "0005_merge_20261201_1138")]

    operations = [migrations.RunPython(to_fraction_text, migrations.RunPython.noop)]
