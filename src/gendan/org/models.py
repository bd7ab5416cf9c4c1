"""Sites, workshops, teams, warehouses, people, roles granted per scope, leave and delegation."""

from django.conf import settings
from django.contrib.auth.models import Permission
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from gendan.core.scopes import Scope


class Site(models.Model):
    class Kind(models.TextChoices):
        OWN_PLANT = "own_plant", _("our plant")
        CONTRACTED_FACTORY = "contracted_factory", _("contracted factory")
        OUTSOURCER = "outsourcer", _("outsourcer")
        SUPPLIER = "supplier", _("supplier")

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    contact = models.CharField(_("contact"), max_length=60, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["kind", "code"]

    def __str__(self):
        return self.name


class Workshop(models.Model):
    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, related_name="workshops", verbose_name=_("site")
    )
    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=60)

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        ordering = ["code"]

    def __str__(self):
        return self.name

    @property
    def scope(self):
        return Scope.workshop(self)

    @property
    def scope_key(self):
        return self.scope.key


class Team(models.Model):
    workshop = models.ForeignKey(
        Workshop, on_delete=models.PROTECT, related_name="teams", verbose_name=_("workshop")
    )
    name = models.CharField(_("name"), max_length=60)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["workshop", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "name"], name="team_name_unique_in_workshop"
            )
        ]

    def __str__(self):
        return f"{self.workshop} / {self.name}"


class Warehouse(models.Model):
    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, related_name="warehouses", verbose_name=_("site")
    )
    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=60)

    class Meta:
        verbose_name = _("warehouse")
        verbose_name_plural = _("warehouses")
        ordering = ["code"]

    def __str__(self):
        return self.name

    @property
    def scope(self):
        return Scope.warehouse(self)

    @property
    def scope_key(self):
        return self.scope.key


class StoragePlace(models.Model):
    warehouse = models.ForeignKey(
        Warehouse, on_delete=models.PROTECT, related_name="places", verbose_name=_("warehouse")
    )
    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("storage place")
        verbose_name_plural = _("storage places")
        ordering = ["warehouse", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["warehouse", "code"], name="place_code_unique_in_warehouse"
            )
        ]

    def __str__(self):
        return f"{self.warehouse}-{self.code}"


class Employee(models.Model):
    class Shift(models.TextChoices):
        DAY = "day", _("day shift")
        NIGHT = "night", _("night shift")
        ROTATING = "rotating", _("rotating shifts")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="employee",
        verbose_name=_("login"),
    )
    code = models.CharField(_("employee number"), max_length=30, unique=True)
    name = models.CharField(pgettext_lazy("person", "name"), max_length=60)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, related_name="employees", verbose_name=_("site")
    )
    workshop = models.ForeignKey(
        Workshop,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="employees",
        verbose_name=_("workshop"),
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("team"),
    )
    shift = models.CharField(_("shift"), max_length=10, choices=Shift.choices, default=Shift.DAY)
    left_on = models.DateField(_("left the company on"), null=True, blank=True)
    search_text = models.TextField(blank=True, editable=False)

    class Meta:
        verbose_name = _("employee")
        verbose_name_plural = _("employees")
        ordering = ["code"]

    def __str__(self):
        return self.name

    def has_left(self, on_date):
        return self.left_on is not None and self.left_on <= on_date


class Leave(models.Model):
    employee = models.ForeignKey(
        Employee, on_delete=models.PROTECT, related_name="leaves", verbose_name=_("employee")
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("leave")
        verbose_name_plural = _("leaves")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="leave_ends_after_start"
            ),
        ]

    def __str__(self):
        return f"{self.employee} {self.starts_on}–{self.ends_on}"


class Role(models.Model):
    """A job (岗位) from the seed documents, with the permissions it carries."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=60)
    name_en = models.CharField(_("English name"), max_length=60, blank=True)
    description = models.CharField(_("description"), max_length=200, blank=True)
    permissions = models.ManyToManyField(Permission, blank=True, verbose_name=_("permissions"))

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["code"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        if self.name_en and get_language() == "en":
            return self.name_en
        return self.name


class RoleGrant(models.Model):
    """A role held by a person for a scope: one workshop, one warehouse, or everywhere."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="role_grants",
        verbose_name=_("user"),
    )
    role = models.ForeignKey(
        Role, on_delete=models.PROTECT, related_name="grants", verbose_name=_("role")
    )
    workshop = models.ForeignKey(
        Workshop, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("workshop")
    )
    warehouse = models.ForeignKey(
        Warehouse, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("warehouse")
    )
    scope_key = models.CharField(
        _("scope"), max_length=60, blank=True, editable=False, db_index=True
    )
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")
        ordering = ["user", "role"]
        constraints = [
            models.CheckConstraint(
                condition=Q(workshop__isnull=True) | Q(warehouse__isnull=True),
                name="grant_scope_is_one_place",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "scope_key"], name="grant_unique_per_scope"
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.role} · {self.scope_label}"

    @property
    def scope_label(self):
        """The place's name: a workshop, a warehouse, a partner site (a contracted factory
        or supplier, kept only in `scope_key`), or everywhere."""
        if self.workshop_id or self.warehouse_id:
            return str(self.workshop or self.warehouse)
        if self.scope_key:
            return Scope.parse(self.scope_key).name
        return str(_("everywhere"))


class Delegation(models.Model):
    """A role holder on leave lets a colleague act for them in that role for a date range."""

    delegator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="delegations_given",
        verbose_name=_("delegator"),
    )
    delegate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="delegations_received",
        verbose_name=_("delegate"),
    )
    role = models.ForeignKey(Role, on_delete=models.PROTECT, verbose_name=_("role"))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="delegation_ends_after_start"
            ),
            models.CheckConstraint(
                condition=~Q(delegator=models.F("delegate")), name="delegation_not_to_self"
            ),
        ]

    def __str__(self):
        return f"{self.delegator} → {self.delegate} ({self.role})"
