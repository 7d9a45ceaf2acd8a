from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Municipality(models.Model):
    code = models.SlugField(_("kodas"), max_length=40, unique=True)
    name = models.CharField(_("pavadinimas"), max_length=200)

    class Meta:
        verbose_name = _("savivaldybė")
        verbose_name_plural = _("savivaldybės")
        ordering = ["name"]

    def __str__(self):
        return self.name


class SchoolQuerySet(models.QuerySet):
    def participating(self):
        return self.filter(kind=School.Kind.PARTICIPATING)

    def networking(self):
        return self.filter(kind=School.Kind.NETWORKING)


class School(models.Model):
    class Kind(models.TextChoices):
        """The institution's part in the plan: carries out and reports, networks, or is an organisation named."""

        PARTICIPATING = "G", _("TŪM mokykla")
        NETWORKING = "T", _("tinklaveikos mokykla")
        ORGANISATION = "O", _("kita organizacija")

    class Type(models.TextChoices):
        GYMNASIUM = "gymnasium", _("gimnazija")
        PROGYMNASIUM = "progymnasium", _("progimnazija")
        BASIC_SCHOOL = "basic_school", _("pagrindinė mokykla")
        PRIMARY_SCHOOL = "primary_school", _("pradinė mokykla")
        SCHOOL_KINDERGARTEN = "school_kindergarten", _("mokykla-darželis")
        KINDERGARTEN = "kindergarten", _("lopšelis-darželis")
        SPECIAL_SCHOOL = "special_school", _("specialioji mokykla")
        VOCATIONAL_CENTRE = "vocational_centre", _("profesinio mokymo centras")
        NON_FORMAL_CENTRE = "non_formal_centre", _("neformaliojo švietimo centras")
        YOUTH_CENTRE = "youth_centre", _("jaunimo centras")
        SERVICE = "service", _("švietimo pagalbos įstaiga")
        UNIVERSITY = "university", _("aukštoji mokykla")
        AGENCY = "agency", _("valstybės ar savivaldybės įstaiga")
        ORGANISATION = "organisation", _("kita organizacija")

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("savivaldybė"), on_delete=models.CASCADE, related_name="schools"
    )
    code = models.CharField(
        _("kodas"), max_length=40, help_text=_("Kaip plane (G1–G11, T1–T48) arba sudarytas iš pavadinimo.")
    )
    number = models.PositiveSmallIntegerField(editable=False)
    kind = models.CharField(_("rūšis"), max_length=1, choices=Kind.choices)
    institution_type = models.CharField(_("įstaigos tipas"), max_length=30, choices=Type.choices, blank=True)
    name = models.CharField(_("pavadinimas"), max_length=255, blank=True)
    former_name = models.CharField(_("buvęs pavadinimas"), max_length=255, blank=True)
    strengths = models.TextField(_("stipriosios veiklos"), blank=True)
    improvements = models.TextField(_("tobulintinos veiklos"), blank=True)
    sharing = models.TextField(_("kuo dalinsis per tinklaveiką"), blank=True)
    network = models.ManyToManyField(
        "self", through="NetworkLink", symmetrical=False, related_name="network_of", blank=True
    )

    objects = SchoolQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["number"])

    class Meta:
        verbose_name = _("mokykla")
        verbose_name_plural = _("mokyklos")
        ordering = ["municipality_id", "kind", "number", "code"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "code"], name="school_code_unique_in_municipality"),
        ]

    def __str__(self):
        return f"{self.code} {self.name}".strip()

    def save(self, *args, **kwargs):
        self.number = int("".join(ch for ch in self.code if ch.isdigit()) or 0)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("schools:detail", args=[self.municipality.code, self.code])


class NetworkLink(models.Model):
    """A participating school's declared networking partner, as the plan lists it."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="network_links")
    partner = models.ForeignKey(School, on_delete=models.CASCADE, related_name="partner_links")

    class Meta:
        verbose_name = _("tinklaveikos ryšys")
        verbose_name_plural = _("tinklaveikos ryšiai")
        ordering = ["school__number", "partner__kind", "partner__number"]
        constraints = [models.UniqueConstraint(fields=["school", "partner"], name="network_link_unique")]

    def __str__(self):
        return f"{self.school.code} – {self.partner.code}"


def summarise_codes(codes):
    """['G1', 'G2', 'G3', 'G5', 'T1', …, 'T48'] -> 'G1–G3, G5, T1–T48'; other codes listed after, as they are."""
    codes = set(codes)
    numbered = {code for code in codes if code[:1].isalpha() and code[1:].isdigit()}
    others = sorted(codes - numbered)
    parsed = sorted({(code[0], int(code[1:])) for code in numbered})
    runs = []
    for kind, number in parsed:
        if runs and runs[-1][0] == kind and runs[-1][2] == number - 1:
            runs[-1][2] = number
        else:
            runs.append([kind, number, number])
    return ", ".join(
        [f"{kind}{first}" if first == last else f"{kind}{first}–{kind}{last}" for kind, first, last in runs] + others
    )
