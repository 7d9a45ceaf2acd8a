from django.db import migrations


def close_admin_to_municipal_staff(apps, schema_editor):
    """The admin is for operators (superusers); municipal staff work on the portal's own pages."""
    apps.get_model("accounts", "User").objects.filter(is_superuser=False, is_staff=True).update(is_staff=False)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_historicaluser_historicaluser_schools")]

    operations = [migrations.RunPython(close_admin_to_municipal_staff, migrations.RunPython.noop)]
