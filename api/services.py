"""Writes of the open-data app: switching a municipality's public pages on and off."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from api.models import Publication

LICENCES = {
    "CC-BY-4.0": ("Creative Commons Attribution 4.0", "https://creativecommons.org/licenses/by/4.0/"),
    "CC0-1.0": ("Creative Commons Zero 1.0", "https://creativecommons.org/publicdomain/zero/1.0/"),
}


def publication_of(municipality):
    """The municipality's publication settings (unsaved defaults when it never published)."""
    return Publication.objects.filter(municipality=municipality).first() or Publication(municipality=municipality)


@transaction.atomic
def publication_set(*, user, municipality, published, licence="CC-BY-4.0"):
    if not user.has_perm("tum.publish", municipality):
        raise PermissionDenied(_("Skelbti gali tik savivaldybės koordinavimo komanda."))
    if licence not in LICENCES:
        raise ValidationError({"licence": _("Pasirinkite licenciją iš sąrašo.")})
    publication, _created = Publication.objects.select_for_update().get_or_create(municipality=municipality)
    publication.published = published
    publication.licence = licence
    publication.changed_by = user
    publication.save()
    return publication
