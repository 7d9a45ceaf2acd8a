"""Writes to schools that staff make in the portal."""

from django.db import transaction

SCHOOL_TEXT_FIELDS = ("name", "former_name")


def school_update(*, school, data):
    """Set a school's name as the municipality knows it (the plan names networking schools by code only)."""
    with transaction.atomic():
        for field in SCHOOL_TEXT_FIELDS:
            setattr(school, field, data[field].strip())
        school.full_clean()
        school.save(update_fields=list(SCHOOL_TEXT_FIELDS))
    return school
