from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.update(is_superuser=True, is_staff=True, role=User.Role.STAFF)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A portal user: municipal staff, a school coordinator or a viewer, in one municipality."""

    class Role(models.TextChoices):
        STAFF = "staff", _("savivaldybės TŪM koordinavimo komanda")
        COORDINATOR = "coordinator", _("mokyklos TŪM koordinatorius")
        VIEWER = "viewer", _("stebėtojas (skaito ir atsisiunčia ataskaitas)")

    username = None
    email = models.EmailField(_("el. paštas"), unique=True)
    role = models.CharField(_("vaidmuo"), max_length=20, choices=Role.choices, default=Role.VIEWER)
    municipality = models.ForeignKey(
        "schools.Municipality",
        verbose_name=_("savivaldybė"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    schools = models.ManyToManyField(
        "schools.School",
        verbose_name=_("mokyklos"),
        blank=True,
        related_name="coordinators",
        help_text=_("Mokyklos, kurių duomenis koordinatorius gali teikti."),
    )
    language = models.CharField(_("kalba"), max_length=5, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()
    history = HistoricalRecords(excluded_fields=["password", "last_login"], m2m_fields=[schools])

    class Meta:
        verbose_name = _("naudotojas")
        verbose_name_plural = _("naudotojai")
        ordering = ["last_name", "first_name", "email"]

    def __str__(self):
        return self.get_full_name() or self.email

    @property
    def is_municipal_staff(self):
        return self.is_superuser or self.role == self.Role.STAFF

    @property
    def is_coordinator(self):
        return self.role == self.Role.COORDINATOR and not self.is_superuser

    @property
    def is_viewer(self):
        return self.role == self.Role.VIEWER


class Invitation(models.Model):
    """An invitation e-mail sent by staff; the link lets the new user set a password."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invitations")
    invited_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("kvietimas")
        verbose_name_plural = _("kvietimai")
        ordering = ["-sent_at"]

    def __str__(self):
        return f"{self.user} ({self.sent_at:%Y-%m-%d})"


class Notification(models.Model):
    """A message to one person inside the portal; each mirrors an e-mail the portal sends them."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    subject = models.CharField(_("tema"), max_length=300)
    body = models.TextField(_("tekstas"), blank=True)
    url = models.CharField(_("nuoroda"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("gauta"), auto_now_add=True)
    read_at = models.DateTimeField(_("perskaityta"), null=True, blank=True)

    class Meta:
        verbose_name = _("pranešimas")
        verbose_name_plural = _("pranešimai")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]

    def __str__(self):
        return self.subject
