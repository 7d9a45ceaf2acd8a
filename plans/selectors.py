from django.http import Http404
from django.utils.translation import gettext as _

from plans.models import Plan


def plan_for(municipality):
    return Plan.objects.filter(municipality=municipality).select_related("municipality").first()


def plan_for_or_404(municipality):
    plan = plan_for(municipality)
    if plan is None:
        raise Http404(_("Šiai savivaldybei planas dar neįkeltas."))
    return plan
