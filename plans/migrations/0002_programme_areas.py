from django.db import migrations

AREAS = [
    ("leadership", "Lyderystė veikiant", "Leadership in action", 1, False),
    ("inclusion", "Įtraukusis ugdymas", "Inclusive education", 2, False),
    ("culture", "Kultūrinis ugdymas", "Cultural education", 3, False),
    ("steam", "STEAM ugdymas", "STEAM education", 4, False),
    ("networking", "Tinklaveika", "Networking", 5, True),
]


def add_areas(apps, schema_editor):
    Area = apps.get_model("plans", "Area")
    for code, name_lt, name_en, position, cross_cutting in AREAS:
        Area.objects.update_or_create(
            code=code,
            defaults={"name_lt": name_lt, "name_en": name_en, "position": position, "cross_cutting": cross_cutting},
        )


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]

    operations = [migrations.RunPython(add_areas, migrations.RunPython.noop)]
