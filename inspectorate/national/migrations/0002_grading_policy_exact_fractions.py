"""The grading thresholds become exact fractions stored as text ("1/3"), not six-place decimals."""

from __future__ import annotations

from fractions import Fraction

import django.core.validators
from django.db import migrations

import inspectorate.national.models

FIELDS = ("poor_share", "good_most", "excellent_vast")
# Six decimal places could not hold a third: 0.333333 always meant one.
A_THIRD_AS_STORED = Fraction("0.333333")


def to_fractions(apps, schema_editor):
    Programme = apps.get_model("programmes", "Programme")
    for programme in Programme.objects.all():
        for name in FIELDS:
            value = Fraction(getattr(programme, name))
            setattr(programme, name, Fraction(1, 3) if value == A_THIRD_AS_STORED else value)
        programme.save(update_fields=list(FIELDS))


def share(default: Fraction) -> inspectorate.national.models.FractionField:
    return inspectorate.national.models.FractionField(
        default=default,
        validators=[django.core.validators.MinValueValidator(Fraction(0)),
                    django.core.validators.MaxValueValidator(Fraction(1))],
    )


class Migration(migrations.Migration):
    dependencies = [("programmes", "0001_initial")]

    operations = [
        migrations.AlterField("programme", "poor_share", share(Fraction(1, 3))),
        migrations.AlterField("programme", "good_most", share(Fraction(1, 2))),
        migrations.AlterField("programme", "excellent_vast", share(Fraction(4, 5))),
        migrations.RunPython(to_fractions, migrations.RunPython.noop),
    ]
