import uuid
from decimal import Decimal

from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.numbering import sort_key

MONEY = {"max_digits": 14, "decimal_places": 2}


class Plan(models.Model):
    """A municipality's progress plan (pažangos planas) in the programme."""

    municipality = models.ForeignKey(
        "schools.Municipality", verbose_name=_("savivaldybė"), on_delete=models.CASCADE, related_name="plans"
    )
    programme = models.CharField(_("programa"), max_length=200, default="Tūkstantmečio mokyklos")
    title = models.CharField(_("pavadinimas"), max_length=300)

    class Frequency(models.TextChoices):
        QUARTERLY = "quarterly", _("kas ketvirtį")
        HALF_YEARLY = "half_yearly", _("kas pusmetį")
        YEARLY = "yearly", _("kasmet")

    # The span reporting periods cover: the plan's own dates, or the whole of its first and last year
    # when it names only years (`dates_exact` is then false and pages show `period_text`).
    starts_on = models.DateField(_("pradžia"))
    ends_on = models.DateField(_("pabaiga"))
    dates_exact = models.BooleanField(_("plane nurodytos tikslios datos"), default=True)
    period_text = models.CharField(_("laikotarpis (plano tekstas)"), max_length=200, blank=True)
    reporting_frequency = models.CharField(
        _("ataskaitiniai laikotarpiai"), max_length=20, choices=Frequency.choices, default=Frequency.QUARTERLY
    )
    # The plan's own names of its three levels, e.g. {"goal": {"one": "Prioritetas", "many": "Prioritetai"}}.
    level_names = models.JSONField(_("lygių pavadinimai"), default=dict, blank=True)
    has_budget = models.BooleanField(_("plane yra biudžetas"), default=True)
    indirect_rate = models.DecimalField(
        _("netiesioginių išlaidų norma"), max_digits=5, decimal_places=4, default=Decimal("0.02"), null=True, blank=True
    )
    declared_direct_amount = models.DecimalField(
        _("tiesioginės išlaidos be PVM (plane)"), null=True, blank=True, **MONEY
    )
    declared_direct_vat = models.DecimalField(_("tiesioginių išlaidų PVM (plane)"), null=True, blank=True, **MONEY)
    declared_indirect_amount = models.DecimalField(
        _("netiesioginės išlaidos be PVM (plane)"), null=True, blank=True, **MONEY
    )
    declared_indirect_vat = models.DecimalField(_("netiesioginių išlaidų PVM (plane)"), null=True, blank=True, **MONEY)
    declared_total_amount = models.DecimalField(_("iš viso be PVM (plane)"), null=True, blank=True, **MONEY)
    declared_total_vat = models.DecimalField(_("iš viso PVM (plane)"), null=True, blank=True, **MONEY)
    school_spending_entries = models.BooleanField(
        _("mokyklos gali įvesti savo eilučių išlaidas"),
        default=False,
        help_text=_("Įvestas mokyklų koordinatorių išlaidas tvirtina koordinavimo komanda."),
    )
    report_retention_days = models.PositiveSmallIntegerField(
        _("ataskaitų failų saugojimas, dienos"), default=365, help_text=_("Senesnių ataskaitų failai ištrinami.")
    )
    source = models.CharField(_("šaltinis"), max_length=300, blank=True)
    imported_at = models.DateTimeField(_("importuota"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["imported_at"])

    class Meta:
        verbose_name = _("pažangos planas")
        verbose_name_plural = _("pažangos planai")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "programme"], name="one_plan_per_programme"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("plans:overview", args=[self.municipality.code])

    @property
    def levels(self):
        """The names of the plan's levels as the plan writes them: `plan.levels.activity.many`."""
        return LevelNames(self.level_names)


DEFAULT_LEVEL_NAMES = {
    "goal": (_("Tikslas"), _("Tikslai")),
    "objective": (_("Uždavinys"), _("Uždaviniai")),
    "activity": (_("Veikla"), _("Veiklos")),
}
LEVELS = tuple(DEFAULT_LEVEL_NAMES)


class LevelName:
    def __init__(self, level, names):
        default_one, default_many = DEFAULT_LEVEL_NAMES[level]
        self.one = names.get("one") or default_one
        self.many = names.get("many") or default_many

    def __str__(self):
        return str(self.one)


class LevelNames:
    def __init__(self, names):
        names = names or {}
        for level in LEVELS:
            setattr(self, level, LevelName(level, names.get(level) or {}))


class Goal(models.Model):
    """The plan's top level, as the plan names it (tikslas, prioritetas…) and numbers it ("1", "I")."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    number = models.CharField(_("numeris"), max_length=20)
    sort_key = models.CharField(max_length=60, editable=False, default="")
    title = models.TextField(_("tikslas"))

    class Meta:
        verbose_name = _("tikslas")
        verbose_name_plural = _("tikslai")
        ordering = ["plan", "sort_key"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="goal_number_unique")]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def save(self, *args, **kwargs):
        self.sort_key = sort_key(self.number)
        super().save(*args, **kwargs)


class Objective(models.Model):
    """The plan's second level; `number` is the whole number as printed ("1.2", "I.1")."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="objectives")
    number = models.CharField(_("numeris"), max_length=20)
    sort_key = models.CharField(max_length=60, editable=False, default="")
    title = models.TextField(_("uždavinys"))

    class Meta:
        verbose_name = _("uždavinys")
        verbose_name_plural = _("uždaviniai")
        ordering = ["goal__sort_key", "sort_key"]
        constraints = [models.UniqueConstraint(fields=["goal", "number"], name="objective_number_unique")]

    def __str__(self):
        return f"{self.code} {self.title}"

    def save(self, *args, **kwargs):
        self.sort_key = sort_key(self.number)
        super().save(*args, **kwargs)

    @property
    def code(self):
        return self.number


class Area(models.Model):
    """A field of the programme: leadership, inclusion, culture, STEAM, and networking across them."""

    code = models.SlugField(_("kodas"), max_length=30, unique=True)
    name_lt = models.CharField(_("pavadinimas"), max_length=100)
    name_en = models.CharField(_("pavadinimas anglų k."), max_length=100)
    position = models.PositiveSmallIntegerField(default=0)
    cross_cutting = models.BooleanField(_("horizontali sritis"), default=False)

    class Meta:
        verbose_name = _("sritis")
        verbose_name_plural = _("sritys")
        ordering = ["position"]

    def __str__(self):
        return self.name

    @property
    def name(self):
        return self.name_en if get_language() == "en" else self.name_lt


class Partner(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="partners")
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("pavadinimas"), max_length=300)
    address = models.CharField(_("adresas"), max_length=300, blank=True)
    description = models.TextField(_("ką daro"), blank=True)
    areas = models.ManyToManyField(Area, verbose_name=_("sritys"), blank=True)

    class Meta:
        verbose_name = _("partneris")
        verbose_name_plural = _("partneriai")
        ordering = ["plan", "position"]

    def __str__(self):
        return self.name


class Risk(models.Model):
    class Level(models.TextChoices):
        LOW = "low", _("mažas")
        MEDIUM = "medium", _("vidutinis")
        HIGH = "high", _("didelis")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="risks")
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("rizika"), max_length=300)
    level = models.CharField(_("lygmuo"), max_length=10, choices=Level.choices)
    mitigation = models.TextField(_("valdymo būdai"), blank=True)

    class Meta:
        verbose_name = _("rizika")
        verbose_name_plural = _("rizikos")
        ordering = ["plan", "position"]

    def __str__(self):
        return self.name


class DataNote(models.Model):
    """A place where the plan's own text is inconsistent, kept as printed and shown to staff."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="data_notes")
    position = models.PositiveSmallIntegerField(default=0)
    source_line = models.PositiveIntegerField(_("plano eilutė"), null=True, blank=True)
    text_lt = models.TextField(_("pastaba"))
    text_en = models.TextField(_("pastaba anglų k."), blank=True)
    # Found by the importer's checks (e.g. a VAT that is not a Lithuanian rate), not written in the file:
    # made again on every import and left out of the downloaded file.
    automatic = models.BooleanField(_("rasta tikrinant"), default=False)

    class Meta:
        verbose_name = _("duomenų pastaba")
        verbose_name_plural = _("duomenų pastabos")
        ordering = ["plan", "position"]

    def __str__(self):
        return self.text

    @property
    def text(self):
        return self.text_en if get_language() == "en" and self.text_en else self.text_lt


class PlanUpload(models.Model):
    """A plan file a staff member uploaded and has been shown the preview of, waiting for their yes.

    The content is kept with its hash, for that municipality and that person only; the import applies
    exactly this content, and only if it would change the same records the preview listed.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey("schools.Municipality", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("failo vardas"), max_length=300, blank=True)
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    preview = models.JSONField(_("peržiūra"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("įkeltas plano failas")
        verbose_name_plural = _("įkelti plano failai")


class PlanVersion(models.Model):
    """A plan as it stood after one import that changed it (the plan file, `tum-plan/2`), kept for amendments:
    the versions page shows what changed between any two."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("versija"))
    imported_at = models.DateTimeField(_("importuota"))
    imported_by = models.ForeignKey(
        "accounts.User", verbose_name=_("importavo"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    source = models.CharField(_("failas"), max_length=300, blank=True)
    content = models.TextField(_("planas (tum-plan/2)"))

    class Meta:
        verbose_name = _("plano versija")
        verbose_name_plural = _("plano versijos")
        ordering = ["plan", "-number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="plan_version_number_unique")]

    def __str__(self):
        return f"{self.plan} v{self.number}"
