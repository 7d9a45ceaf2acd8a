"""The programme's areas (TŪM programme, point 27), the same for every municipality."""

PROGRAMME_AREAS = [
    # code, Lithuanian, English, position, cross-cutting
    ("leadership", "Lyderystė veikiant", "Leadership in action", 1, False),
    ("inclusion", "Įtraukusis ugdymas", "Inclusive education", 2, False),
    ("culture", "Kultūrinis ugdymas", "Cultural education", 3, False),
    ("steam", "STEAM ugdymas", "STEAM education", 4, False),
    ("networking", "Tinklaveika", "Networking", 5, True),
]


def ensure_programme_areas(area_model):
    """Create the areas that are missing; `area_model` may be a migration's historical model."""
    existing = set(area_model.objects.values_list("code", flat=True))
    for code, name_lt, name_en, position, cross_cutting in PROGRAMME_AREAS:
        if code not in existing:
            area_model.objects.create(
                code=code, name_lt=name_lt, name_en=name_en, position=position, cross_cutting=cross_cutting
            )
