"""Forms of preventive maintenance: the plan with its checklist, and the phone form that records
a task done."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from houqin.core.forms import DateTimeInput, StyledFormMixin
from houqin.core.models import Person
from houqin.facilities.choices import (
    EquipmentStatus,
    HolidayRule,
    IntervalUnit,
    MaintenanceStandard,
)
from houqin.facilities.forms.equipment import DateInput
from houqin.facilities.models import Contractor, Equipment, MaintenancePlan
from houqin.facilities.schedule import STANDARD_RULES, Rule
from houqin.facilities.services.maintenance import PLAN_FIELDS

STANDARD_HELP = _(
    "A standard fixes the interval and the rest-day rule: TSG T5002 half-monthly every 15 days "
    "(moved to the working day before), quarterly 3, half-yearly 6, yearly 12 months; GB 25201 "
    "daily patrol every day, monthly check 1 month, yearly test 12 months. The compound's own "
    "choice uses the interval below."
)


class MaintenancePlanForm(StyledFormMixin, forms.ModelForm):
    """A plan; its checklist is the ``PlanItemFormSet`` beside it."""

    class Meta:
        model = MaintenancePlan
        fields = ["site", *PLAN_FIELDS]
        widgets = {
            "start_on": DateInput(),
            "end_on": DateInput(),
        }
        help_texts = {"standard": STANDARD_HELP}

    def limit_to_sites(self, sites) -> None:
        """Called by the generic edit view: units, people and contractors of those sites."""
        if self.instance.pk:
            self.fields["site"].disabled = True
        self.fields["equipment"].queryset = Equipment.objects.filter(site__in=sites).exclude(
            status=EquipmentStatus.RETIRED
        )
        self.fields["assignee"].queryset = Person.objects.filter(site__in=sites, is_active=True)
        self.fields["contractor"].queryset = Contractor.objects.filter(site__in=sites)

    def clean(self):
        data = super().clean()
        rule = STANDARD_RULES.get(data.get("standard") or MaintenanceStandard.OWN)
        if rule is not None:  # the standard's interval wins over what was typed
            data["interval"], data["interval_unit"] = rule.interval, rule.unit
            data["holiday_rule"] = rule.holiday_rule
        return data


class PlanItemForm(StyledFormMixin, forms.Form):
    text = forms.CharField(label=_("Check item"), max_length=200, required=False)


PlanItemFormSet = forms.formset_factory(PlanItemForm, extra=3, max_num=200, absolute_max=200)


def plan_item_formset(plan: MaintenancePlan | None, data=None) -> forms.BaseFormSet:
    """The checklist rows of ``plan`` plus three empty ones."""
    initial = [{"text": t} for t in plan.items.values_list("text", flat=True)] if plan else []
    return PlanItemFormSet(data, initial=initial, prefix="items")


PASS_CHOICES = [("pass", _("passed")), ("fail", _("failed"))]


class TaskCompleteForm(StyledFormMixin, forms.Form):
    """Each check passed or failed with a note, the result text, when, and whether a failed
    check opens a repair work order. Check fields are ``check_<id>`` / ``note_<id>``."""

    result = forms.CharField(
        label=_("Result"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    done_at = forms.DateTimeField(
        label=_("Done at"),
        required=False,
        widget=DateTimeInput(),
        help_text=_("Leave empty for now."),
    )
    open_work_order = forms.BooleanField(
        label=_("Open a repair work order for the failed items"), required=False
    )

    def __init__(self, *args, checks=(), **kwargs):
        self.checks = list(checks)
        super().__init__(*args, **kwargs)
        for check in self.checks:
            self.fields[f"check_{check.pk}"] = forms.ChoiceField(
                label=check.text,
                choices=PASS_CHOICES,
                widget=forms.RadioSelect,
                error_messages={"required": _("Answer this check item.")},
            )
            self.fields[f"note_{check.pk}"] = forms.CharField(
                label=_("Note"), max_length=200, required=False
            )
        for field in self.fields.values():
            if isinstance(field.widget, forms.RadioSelect):
                field.widget.attrs["class"] = "form-check-input"

    def check_rows(self):
        """(check, choice field, note field) for the template."""
        return [(c, self[f"check_{c.pk}"], self[f"note_{c.pk}"]) for c in self.checks]

    def results(self) -> dict[int, tuple[bool, str]]:
        data = self.cleaned_data
        return {
            c.pk: (data[f"check_{c.pk}"] == "pass", data.get(f"note_{c.pk}", ""))
            for c in self.checks
        }


class PlanPreviewForm(forms.Form):
    """The schedule fields of the plan form, read for the preview of the next due dates."""

    start_on = forms.DateField()
    standard = forms.ChoiceField(choices=MaintenanceStandard.choices, required=False)
    recurrence = forms.CharField(required=False)
    interval = forms.IntegerField(min_value=1, max_value=1000, required=False)
    interval_unit = forms.ChoiceField(choices=IntervalUnit.choices, required=False)
    holiday_rule = forms.ChoiceField(choices=HolidayRule.choices, required=False)
    end_on = forms.DateField(required=False)

    def rule(self) -> Rule:
        data = self.cleaned_data
        return STANDARD_RULES.get(data.get("standard")) or Rule(
            data.get("interval") or 1,
            data.get("interval_unit") or IntervalUnit.MONTH,
            data.get("holiday_rule") or HolidayRule.KEEP,
        )
