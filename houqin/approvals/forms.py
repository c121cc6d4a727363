"""Forms of the approvals engine: a decision with its comment, and a site's flow with its
steps."""

from django import forms
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from houqin.approvals.models import ApprovalFlow
from houqin.approvals.registry import kind_choices
from houqin.approvals.services import COMMENT_MAX
from houqin.core.forms import StyledFormMixin
from houqin.core.roles import ROLES, role_label


class DecisionForm(StyledFormMixin, forms.Form):
    """Approve or reject with an optional comment."""

    approve = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Approve")), ("0", _("Reject"))],
        coerce=lambda value: value == "1",
    )
    comment = forms.CharField(
        label=_("Comment"),
        max_length=COMMENT_MAX,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Comment (optional)")}),
    )


class ApprovalFlowForm(StyledFormMixin, forms.ModelForm):
    """A site's flow for one kind of request; site and kind are fixed once created."""

    class Meta:
        model = ApprovalFlow
        fields = ["site", "kind", "name", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"] = forms.ChoiceField(label=_("Kind of request"), choices=kind_choices())
        self.fields["kind"].widget.attrs["class"] = "form-select"
        if self.instance.pk:
            for name in ("site", "kind"):
                self.fields[name].disabled = True


class RoleChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return role_label(obj.name)


class ApprovalStepForm(StyledFormMixin, forms.Form):
    """One level of a flow: the role whose holders decide it, and an optional label."""

    role = RoleChoiceField(label=_("Role"), queryset=Group.objects.none(), required=False)
    label = forms.CharField(label=_("Label"), max_length=100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].queryset = Group.objects.filter(name__in=ROLES).order_by("name")


class BaseStepFormSet(forms.BaseFormSet):
    """The levels in order; empty rows are skipped, at least one level is required."""

    def clean(self):
        super().clean()
        if any(form.errors for form in self.forms):
            return
        if not self.steps():
            raise ValidationError(_("A flow needs at least one step."))

    def steps(self) -> list[tuple[Group, str]]:
        """(role, label) of each filled, undeleted row, in order."""
        rows = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if data.get("role") and not data.get("DELETE"):
                rows.append((data["role"], data.get("label", "").strip()))
        return rows


StepFormSet = forms.formset_factory(
    ApprovalStepForm, formset=BaseStepFormSet, extra=2, can_delete=True, max_num=20
)
