from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext as _

from api.models import ApiCall, ApiToken, Publication
from api.tokens import token_create, token_revoke
from front.admin_site import ReadOnlyAdmin
from schools.models import Municipality


class ApiTokenAddForm(forms.ModelForm):
    expires_on = forms.DateField(label=_("Galioja iki"))
    municipalities = forms.ModelMultipleChoiceField(queryset=Municipality.objects.all(), required=False)

    class Meta:
        model = ApiToken
        fields = ["name", "municipalities", "all_municipalities"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Operators make keys for several or all municipalities; the secret is shown once, in the message."""

    list_display = ("name", "prefix", "all_municipalities", "created_by", "expires_at", "revoked_at", "last_used_at")
    readonly_fields = ("prefix", "created_by", "created_at", "last_used_at", "revoked_at", "expires_at")
    actions = ["revoke"]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = ApiTokenAddForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["name", "municipalities", "all_municipalities", "expires_on"]
        return ["name", "municipalities", "all_municipalities", *self.readonly_fields]

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        data = form.cleaned_data
        token, secret = token_create(
            user=request.user,
            name=data["name"],
            municipalities=data["municipalities"],
            all_municipalities=data["all_municipalities"],
            expires_on=data["expires_on"],
        )
        form.instance = token
        obj.pk = token.pk
        messages.warning(request, _("Naujas raktas (rodomas tik šį kartą): %(secret)s") % {"secret": secret})

    def save_related(self, request, form, formsets, change):
        if change:
            super().save_related(request, form, formsets, change)

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Atšaukti pasirinktus raktus"))
    def revoke(self, request, queryset):
        for token in queryset:
            token_revoke(user=request.user, token=token)


@admin.register(ApiCall)
class ApiCallAdmin(ReadOnlyAdmin):
    list_display = ("at", "token", "method", "path", "status")
    list_filter = ("status", "token")


@admin.register(Publication)
class PublicationAdmin(ReadOnlyAdmin):
    """Publishing is switched by the municipality's staff on its own page."""

    list_display = ("municipality", "published", "licence", "changed_by", "changed_at")
