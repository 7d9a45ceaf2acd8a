"""A person's own notifications: the same messages the portal e-mails them."""

from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import services
from accounts.decorators import municipality_view
from accounts.selectors import notifications_for
from front.views.steps import action_done


@municipality_view()
def notification_list(request, municipality):
    page = Paginator(notifications_for(request.user), 30).get_page(request.GET.get("page"))
    context = {"municipality": municipality, "nav": "notifications", "page": page}
    return render(request, "accounts/notifications.html", context)


@require_POST
@municipality_view()
def notifications_read(request, municipality):
    pks = [int(pk) for pk in request.POST.getlist("notification") if pk.isdigit()] or None
    if request.POST.get("all"):
        pks = None
    elif pks is None:
        return redirect("accounts:notifications", municipality.code)
    action_done(
        request, lambda: services.notifications_mark_read(user=request.user, pks=pks), _("Pažymėta kaip perskaityta.")
    )
    return redirect("accounts:notifications", municipality.code)
