from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.numbering import sort_key
from reporting.models import ReviewedItem

VALUE = {"max_digits": 14, "decimal_places": 4}


class Indicator(models.Model):
    """A progress indicator (rodiklis) of the plan, with its baselines and target.

    Plan-level (numbered 1–24 in Kaunas) or attached to one measure (`activity`). The target takes one of
    several forms (`target_qualifier`); a value the plan does not give stays empty.
    """

    class Kind(models.TextChoices):
        MANDATORY = "mandatory", _("privalomas")
        CHOSEN = "chosen", _("pasirinktas")
        ADDITIONAL = "additional", _("papildomas")

    class Unit(models.TextChoices):
        """How the value is measured, for checking it; the unit as printed is `unit_text`."""

        PERCENT = "percent", _("procentai")
        COUNT = "count", _("skaičius (vnt.)")
        RATIO = "ratio", _("santykis")
        AMOUNT = "amount", _("kiekis")
        SCORE = "score", _("balai")
        TEXT = "text", _("tekstas")

    class TargetQualifier(models.TextChoices):
        EXACT = "exact", _("siekiama reikšmė")
        AT_LEAST = "at_least", _("bent")
        AT_MOST = "at_most", _("ne daugiau kaip")
        RANGE = "range", _("intervalas")
        CHANGE = "change", _("pokytis")
        TEXT = "text", _("aprašytas rezultatas")

    class Judgement(models.TextChoices):
        ACHIEVED = "achieved", _("pasiektas")
        PARTLY = "partly", _("pasiektas iš dalies")
        NOT_ACHIEVED = "not_achieved", _("nepasiektas")

    class Computation(models.TextChoices):
        REPORTED = "", _("teikia mokyklos")
        NETWORKING_EVENTS = "networking_events", _("skaičiuojama: tinklaveikos veiklų skaičius")
        NETWORKING_SHARE_SCHOOLS = (
            "networking_share_schools",
            _("skaičiuojama: mokyklos, kuriose ≥10 % veiklų vyksta tinklaveikos būdu"),
        )

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="indicators")
    number = models.CharField(_("numeris"), max_length=20)
    sort_key = models.CharField(max_length=60, editable=False, default="")
    activity = models.ForeignKey(
        "activities.Activity",
        verbose_name=_("veikla"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="own_indicators",
        help_text=_("Tuščia – viso plano rodiklis."),
    )
    name = models.TextField(_("rodiklis"))
    kind = models.CharField(_("rūšis"), max_length=20, choices=Kind.choices, blank=True)
    unit = models.CharField(_("matavimo būdas"), max_length=20, choices=Unit.choices)
    unit_text = models.CharField(_("matavimo vienetas (plano tekstas)"), max_length=60, blank=True)
    baseline_text = models.CharField(_("pradinė reikšmė (plano tekstas)"), max_length=300, blank=True)
    target = models.DecimalField(_("siekiama reikšmė"), null=True, blank=True, **VALUE)
    target_min = models.DecimalField(_("intervalo pradžia"), null=True, blank=True, **VALUE)
    target_max = models.DecimalField(_("intervalo pabaiga"), null=True, blank=True, **VALUE)
    change_by = models.DecimalField(_("pokytis"), null=True, blank=True, **VALUE)
    change_from = models.DecimalField(_("pokytis nuo"), null=True, blank=True, **VALUE)
    target_text = models.CharField(_("siekiama reikšmė (plano tekstas)"), max_length=500, blank=True)
    judgement = models.CharField(
        _("koordinavimo komandos vertinimas"), max_length=20, choices=Judgement.choices, blank=True
    )
    target_qualifier = models.CharField(
        _("siekiamos reikšmės pobūdis"), max_length=10, choices=TargetQualifier.choices, default="exact"
    )
    higher_is_better = models.BooleanField(_("didesnė reikšmė geriau"), default=True)
    computation = models.CharField(
        _("kaip gaunama reikšmė"), max_length=40, choices=Computation.choices, blank=True, default=""
    )
    source_line = models.PositiveIntegerField(_("plano eilutė"), null=True, blank=True)

    class Meta:
        verbose_name = _("rodiklis")
        verbose_name_plural = _("rodikliai")
        ordering = ["plan", "sort_key"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="indicator_number_unique")]

    def __str__(self):
        return f"{self.number}. {self.name}"

    def save(self, *args, **kwargs):
        self.sort_key = sort_key(self.number)
        super().save(*args, **kwargs)

    @property
    def is_text(self):
        return self.unit == self.Unit.TEXT or self.target_qualifier == self.TargetQualifier.TEXT

    def get_absolute_url(self):
        return reverse("indicators:detail", args=[self.plan.municipality.code, self.number])

    @property
    def counts_schools(self):
        """A count whose noun is schools ("Mokyklų, kuriose …, skaičius"): it cannot exceed the participating schools."""
        return self.unit == self.Unit.COUNT and self.name.lstrip(' „"').lower().startswith("mokyklų")


class IndicatorBaseline(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="baselines")
    value = models.DecimalField(_("pradinė reikšmė"), **VALUE)
    school_year = models.CharField(_("mokslo metai"), max_length=20, blank=True)
    note = models.CharField(_("pastaba"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("pradinė reikšmė")
        verbose_name_plural = _("pradinės reikšmės")
        ordering = ["indicator", "school_year"]

    def __str__(self):
        return f"{self.value} ({self.school_year})"


class IndicatorValue(ReviewedItem):
    """An indicator's value measured at one school for one reporting period."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("rodiklis"), on_delete=models.PROTECT, related_name="values"
    )
    value = models.DecimalField(_("reikšmė"), null=True, blank=True, **VALUE)
    text = models.TextField(_("pasiektas rezultatas"), blank=True, max_length=2000)
    not_measured = models.BooleanField(_("šiuo laikotarpiu nematuota"), default=False)
    note = models.TextField(_("pastaba"), blank=True, max_length=2000)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rodiklio reikšmė")
        verbose_name_plural = _("rodiklių reikšmės")
        ordering = ["period", "school", "indicator__sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["period", "school", "indicator"], name="one_value_per_indicator"),
        ]
        indexes = [models.Index(fields=["state", "period"])]

    def __str__(self):
        return f"{self.indicator.number} · {self.school.code} · {self.period.code}"
