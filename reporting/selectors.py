"""Reads about a school's item besides its fields."""

from django.contrib.contenttypes.models import ContentType

from reporting.models import ItemComment


def item_comments(item):
    """The conversation on `item`, oldest first, with the authors."""
    return list(
        ItemComment.objects.filter(
            content_type=ContentType.objects.get_for_model(type(item)), object_id=item.pk
        ).select_related("author")
    )
