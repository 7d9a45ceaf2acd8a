from django.db import migrations


def sort_keys(apps, schema_editor):
    Indicator = apps.get_model("indicators", "Indicator")
    for indicator in Indicator.objects.all():
        indicator.sort_key = ".".join(part.zfill(4) for part in indicator.number.split("."))
        indicator.save(update_fields=["sort_key"])


class Migration(migrations.Migration):
    dependencies = [("indicators", "0005_indicator_forms_units_measure")]
    operations = [migrations.RunPython(sort_keys, migrations.RunPython.noop)]
