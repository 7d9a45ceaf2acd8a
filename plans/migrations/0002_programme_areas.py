from django.db import migrations

from plans.areas import ensure_programme_areas


def add_areas(apps, schema_editor):
    ensure_programme_areas(apps.get_model("plans", "Area"))


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]

    operations = [migrations.RunPython(add_areas, migrations.RunPython.noop)]
