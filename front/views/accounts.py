from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import services
from accounts.decorators import municipality_view
from accounts.models import User
from accounts.selectors import users_for_user
from front.forms.accounts import InvitationPasswordForm, InviteForm, UserAccessForm
from front.http import redirect_back
from front.views.steps import action_done, form_saved


def invitation_accept(request, uidb64, token):
    try:
        user = User.objects.get(pk=force_str(urlsafe_base64_decode(uidb64)), is_active=True)
    except (User.DoesNotExist, ValueError, TypeError, OverflowError):
        user = None
    if user is None or user.has_usable_password() or not default_token_generator.check_token(user, token):
        return render(request, "accounts/invitation_invalid.html", status=400)
    form = InvitationPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.invitation_accept(user=user, password=form.cleaned_data["new_password1"])
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Slaptažodis nustatytas. Sveiki atvykę į TŪM portalą."))
        return redirect("home")
    return render(request, "accounts/invitation_accept.html", {"form": form, "invited_user": user})


@municipality_view("tum.manage")
def user_list(request, municipality):
    users = users_for_user(user=request.user).filter(municipality=municipality)
    return render(request, "accounts/user_list.html", {"municipality": municipality, "users": users})


@municipality_view("tum.manage")
def user_invite(request, municipality):
    form = InviteForm(request.POST or None, municipality=municipality)
    user = form_saved(
        request, form, lambda data: services.user_invite(invited_by=request.user, municipality=municipality, **data)
    )
    if user:
        messages.success(request, _("Kvietimas išsiųstas adresu %(email)s.") % {"email": user.email})
        return redirect("accounts:user_list", municipality.code)
    return render(request, "accounts/user_invite.html", {"municipality": municipality, "form": form})


@municipality_view("tum.manage")
def user_edit(request, municipality, pk):
    user = get_object_or_404(users_for_user(user=request.user).filter(municipality=municipality), pk=pk)
    initial = {"role": user.role, "schools": list(user.schools.all()), "is_active": user.is_active}
    form = UserAccessForm(request.POST or None, initial=initial, municipality=municipality)
    if form_saved(
        request,
        form,
        lambda data: services.user_update_access(by=request.user, user=user, **data),
        _("Naudotojo prieiga pakeista."),
    ):
        return redirect("accounts:user_list", municipality.code)
    context = {"municipality": municipality, "form": form, "edited_user": user}
    return render(request, "accounts/user_edit.html", context)


@require_POST
@municipality_view("tum.manage")
def invitation_resend(request, municipality, pk):
    user = get_object_or_404(users_for_user(user=request.user).filter(municipality=municipality), pk=pk)
    action_done(
        request, lambda: services.invitation_resend(by=request.user, user=user), _("Kvietimas išsiųstas dar kartą.")
    )
    return redirect("accounts:user_list", municipality.code)


@require_POST
def set_language(request):
    language = request.POST.get("language", "")
    if request.user.is_authenticated:
        try:
            services.user_set_language(user=request.user, language=language)
        except ValidationError:
            raise Http404 from None
    response = redirect_back(request, "/")
    if language in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=365 * 24 * 3600,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        )
    return response
