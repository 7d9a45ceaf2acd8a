"""A short help page for each role: what they do each quarter, step by step."""

from django.shortcuts import render

from accounts.decorators import municipality_view

ROLES = ("staff", "coordinator", "viewer")


@municipality_view()
def help_page(request, municipality):
    user = request.user
    own = "staff" if user.has_perm("tum.manage", municipality) else ("coordinator" if user.is_coordinator else "viewer")
    role = request.GET.get("role") if request.GET.get("role") in ROLES else own
    context = {"municipality": municipality, "nav": "help", "role": role, "own_role": own, "roles": ROLES}
    return render(request, "help.html", context)
