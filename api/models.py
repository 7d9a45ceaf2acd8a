from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    """A read-only key a ministry system uses for the API; only the SHA-256 of its secret is kept."""

    name = models.CharField(_("pavadinimas"), max_length=200, help_text=_("Kuri sistema juo naudojasi."))
    prefix = models.CharField(_("pradžia"), max_length=12, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    municipalities = models.ManyToManyField(
        "schools.Municipality", verbose_name=_("savivaldybės"), blank=True, related_name="api_tokens"
    )
    all_municipalities = models.BooleanField(_("visos savivaldybės"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sukūrė"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("sukurta"), auto_now_add=True)
    expires_at = models.DateTimeField(_("galioja iki"))
    revoked_at = models.DateTimeField(_("atšaukta"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("paskutinį kartą naudota"), null=True, blank=True)

    class Meta:
        verbose_name = _("API raktas")
        verbose_name_plural = _("API raktai")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self):
        return self.revoked_at is None and self.expires_at > timezone.now()


class ApiCall(models.Model):
    """One request to the API: which token (none when the key was not accepted), what, when, the answer."""

    token = models.ForeignKey(ApiToken, on_delete=models.SET_NULL, null=True, blank=True, related_name="calls")
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=500)
    status = models.PositiveSmallIntegerField()
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("API užklausa")
        verbose_name_plural = _("API užklausos")
        ordering = ["-at", "-pk"]


class Publication(models.Model):
    """Whether a municipality's progress is published on its public pages, and under which licence."""

    municipality = models.OneToOneField("schools.Municipality", on_delete=models.CASCADE, related_name="publication")
    published = models.BooleanField(_("skelbiama viešai"), default=False)
    licence = models.CharField(_("licencija"), max_length=40, default="CC-BY-4.0")
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    changed_at = models.DateTimeField(_("pakeista"), auto_now=True)

    class Meta:
        verbose_name = _("viešas skelbimas")
        verbose_name_plural = _("vieši skelbimai")
