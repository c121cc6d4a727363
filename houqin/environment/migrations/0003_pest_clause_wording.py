"""The clause of the seeded thresholds in Chinese: the towns' level table of each standard."""

from django.db import migrations

OLD = "城镇 level table"
NEW = "城镇控制水平表"


def reword(apps, schema_editor):
    Threshold = apps.get_model("environment", "PestThreshold")
    Threshold.objects.filter(clause=OLD).update(clause=NEW)


def unreword(apps, schema_editor):
    Threshold = apps.get_model("environment", "PestThreshold")
    Threshold.objects.filter(clause=NEW).update(clause=OLD)


class Migration(migrations.Migration):
    dependencies = [("environment", "0002_pest_thresholds")]

    operations = [migrations.RunPython(reword, unreword)]
