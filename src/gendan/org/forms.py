"""Forms for people and their role grants; `styled` gives any form Bootstrap's classes."""

from django import forms
from django.db.models import Case, Value, When
from django.utils.translation import gettext_lazy as _

from gendan.org.models import Employee, Role, Site, Team, Warehouse, Workshop


def styled(form):
    """Bootstrap classes on every widget, and the error class on fields with errors."""
    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        if form._errors and name in form._errors:  # never validate from here
            css += " is-invalid"
        widget.attrs["class"] = css
    return form


class StyledForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        styled(self)

    def full_clean(self):
        super().full_clean()
        styled(self)


class EmployeeForm(StyledForm):
    code = forms.CharField(label=_("Employee number"), max_length=30)
    name = forms.CharField(label=_("Name of the person"), max_length=60)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    site = forms.ModelChoiceField(label=_("Site"), queryset=Site.objects.none(), empty_label=None)
    workshop = forms.ModelChoiceField(
        label=_("Workshop"), queryset=Workshop.objects.none(), required=False, empty_label="—"
    )
    team = forms.ModelChoiceField(
        label=_("Team"), queryset=Team.objects.none(), required=False, empty_label="—"
    )
    shift = forms.ChoiceField(label=_("Shift"), choices=Employee.Shift.choices)
    left_on = forms.DateField(
        label=_("Left the company on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("From this day the person can no longer log in or sign"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = Site.objects.filter(
            kind__in=[Site.Kind.OWN_PLANT, Site.Kind.CONTRACTED_FACTORY]
        ).order_by("kind", "code")
        self.fields["workshop"].queryset = Workshop.objects.order_by("code")
        self.fields["team"].queryset = Team.objects.select_related("workshop").order_by(
            "workshop__code", "name"
        )

    def clean(self):
        data = super().clean()
        team, workshop = data.get("team"), data.get("workshop")
        if team is not None and team.workshop_id != getattr(workshop, "pk", None):
            self.add_error(
                "team",
                _("The team %(team)s belongs to %(workshop)s; choose that workshop.")
                % {"team": team.name, "workshop": team.workshop.name},
            )
        return data

    @classmethod
    def initial_of(cls, employee):
        return {name: getattr(employee, name) for name in cls.base_fields}


class GrantForm(StyledForm):
    """A role for one workshop, one warehouse, or everywhere, all chosen by name."""

    EVERYWHERE = "everywhere"

    role = forms.ModelChoiceField(label=_("Role"), queryset=Role.objects.none())
    place = forms.ChoiceField(label=_("Where"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].queryset = Role.objects.order_by("code")
        self.fields["role"].label_from_instance = lambda role: role.display_name
        workshops = [(f"workshop-{w.pk}", w.name) for w in Workshop.objects.order_by("code")]
        warehouses = [(f"warehouse-{w.pk}", w.name) for w in Warehouse.objects.order_by("code")]
        partners = [
            (f"supplier-{site.pk}", f"{site.name}（{site.get_kind_display()}）")
            for site in Site.objects.exclude(kind=Site.Kind.OWN_PLANT).order_by("kind", "code")
        ]
        groups = [
            (_("Workshops"), workshops),
            (_("Warehouses"), warehouses),
            (_("Contracted factories, outsourcers and suppliers"), partners),
        ]
        self.fields["place"].choices = [(self.EVERYWHERE, _("everywhere"))] + [
            group for group in groups if group[1]
        ]

    def scope(self):
        """{"workshop": …}, {"warehouse": …}, {"supplier": a partner site} or {} for
        everywhere."""
        place = self.cleaned_data["place"]
        if place == self.EVERYWHERE:
            return {}
        kind, pk = place.split("-")
        model = {"workshop": Workshop, "warehouse": Warehouse, "supplier": Site}[kind]
        return {kind: model.objects.get(pk=pk)}


class LeaveForm(StyledForm):
    starts_on = forms.DateField(
        label=_("First day"), widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(label=_("Last day"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)


class DelegationForm(StyledForm):
    """A role the person holds, handed to a colleague for some days (while on leave)."""

    role = forms.ModelChoiceField(label=_("Role"), queryset=Role.objects.none())
    delegate = forms.ModelChoiceField(
        label=_("Colleague who acts for me"), queryset=Employee.objects.none()
    )
    starts_on = forms.DateField(
        label=_("First day"), widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(label=_("Last day"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].queryset = Role.objects.filter(grants__user=user).distinct()
        self.fields["role"].label_from_instance = lambda role: role.display_name
        self.fields["delegate"].queryset = (
            Employee.objects.filter(user__isnull=False, left_on__isnull=True)
            .exclude(user=user)
            .select_related("workshop")
            .order_by("code")
        )
        self.fields["delegate"].label_from_instance = lambda employee: (
            f"{employee.name}（{employee.workshop.name}）" if employee.workshop else employee.name
        )


class LoginForm(StyledForm):
    username = forms.CharField(label=_("Login name"), max_length=150)
    password = forms.CharField(
        label=_("First password"),
        widget=forms.PasswordInput(render_value=False),
        help_text=_("The person changes it after the first login"),
    )


class SiteForm(StyledForm):
    code = forms.CharField(label=_("Code"), max_length=30)
    name = forms.CharField(label=_("Name of the site"), max_length=120)
    kind = forms.ChoiceField(label=_("Kind of site"), choices=Site.Kind.choices)
    contact = forms.CharField(label=_("Contact person"), max_length=60, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)


class WorkshopForm(StyledForm):
    code = forms.CharField(label=_("Code"), max_length=30)
    name = forms.CharField(label=_("Name of the workshop"), max_length=60)
    site = forms.ModelChoiceField(label=_("Plant"), queryset=Site.objects.none(), empty_label=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = Site.objects.filter(kind=Site.Kind.OWN_PLANT)


class WarehouseForm(StyledForm):
    code = forms.CharField(label=_("Code"), max_length=30)
    name = forms.CharField(label=_("Name of the warehouse"), max_length=60)
    site = forms.ModelChoiceField(label=_("Site"), queryset=Site.objects.none(), empty_label=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        own_first = Case(When(kind=Site.Kind.OWN_PLANT, then=Value(0)), default=Value(1))
        self.fields["site"].queryset = Site.objects.order_by(own_first, "kind", "code")


class TeamForm(StyledForm):
    workshop = forms.ModelChoiceField(
        label=_("Workshop"), queryset=Workshop.objects.none(), empty_label=None
    )
    name = forms.CharField(label=_("Name of the team"), max_length=60)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workshop"].queryset = Workshop.objects.order_by("code")
