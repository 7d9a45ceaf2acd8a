"""Staff pages of the open data: the municipality's API keys, and switching the public pages on and off."""

from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.decorators import municipality_view
from api.services import publication_of, publication_set
from api.tokens import token_create, token_revoke, tokens_of
from front.forms.opendata import PublicationForm, TokenForm
from front.views.steps import action_done, form_saved


@municipality_view("tum.manage_api_tokens")
def token_list(request, municipality):
    form = TokenForm(request.POST or None)
    created = form_saved(
        request,
        form,
        lambda data: token_create(user=request.user, municipalities=[municipality], **data),
    )
    context = {
        "municipality": municipality,
        "form": TokenForm() if created else form,
        "tokens": tokens_of(municipality),
        "created": created,  # (token, secret): the secret is shown this once
        "nav": "api",
    }
    return render(request, "opendata/tokens.html", context)


@require_POST
@municipality_view("tum.manage_api_tokens")
def token_revoke_view(request, municipality, pk):
    token = get_object_or_404(tokens_of(municipality), pk=pk)
    action_done(request, lambda: token_revoke(user=request.user, token=token), _("Raktas atšauktas."))
    return redirect("opendata:tokens", municipality.code)


@municipality_view("tum.publish")
def publication_edit(request, municipality):
    publication = publication_of(municipality)
    form = PublicationForm(
        request.POST or None, initial={"published": publication.published, "licence": publication.licence}
    )
    if form_saved(
        request,
        form,
        lambda data: publication_set(user=request.user, municipality=municipality, **data),
        _("Viešo skelbimo nustatymai išsaugoti."),
    ):
        return redirect("opendata:publication", municipality.code)
    context = {"municipality": municipality, "form": form, "publication": publication, "nav": "publication"}
    return render(request, "opendata/publication.html", context)
