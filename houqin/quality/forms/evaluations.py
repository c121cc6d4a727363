"""Forms of service evaluation: posts, standards with their items, the phone scoring form, and
the rectification steps."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from houqin.core.forms import StyledFormMixin
from houqin.core.models import Department, Person
from houqin.core.validators import validate_date_in_range
from houqin.quality.models import ServicePost, Standard
from houqin.quality.services.evaluations import ItemLine

validate_day_in_range = validate_date_in_range


class DateInput(forms.DateInput):
    """A native date picker."""

    input_type = "date"

    def format_value(self, value):
        return value.isoformat() if hasattr(value, "isoformat") else value


class MonthInput(forms.DateInput):
    """A native month picker (YYYY-MM)."""

    input_type = "month"

    def format_value(self, value):
        return value.strftime("%Y-%m") if hasattr(value, "strftime") else value


class MonthField(forms.DateField):
    """A month, read as its first day."""

    widget = MonthInput
    input_formats = ["%Y-%m", "%Y-%m-%d"]
    default_validators = [validate_day_in_range]


class SiteFixedMixin:
    """The site is chosen on creation and fixed afterwards; choices follow the site."""

    def limit_to_sites(self, sites):
        if self.instance.pk:
            self.fields["site"].disabled = True
        self.limit_choices([self.instance.site_id] if self.instance.pk else list(sites))

    def limit_choices(self, sites) -> None:
        """Narrow the choice fields to records of ``sites``."""


class ServicePostForm(SiteFixedMixin, StyledFormMixin, forms.ModelForm):
    class Meta:
        model = ServicePost
        fields = ["site", "name", "kind", "team", "members", "is_active"]

    def limit_choices(self, sites):
        self.fields["team"].queryset = Department.objects.filter(site__in=sites)
        self.fields["members"].queryset = Person.objects.filter(site__in=sites)


class StandardForm(SiteFixedMixin, StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Standard
        fields = ["site", "post", "title", "effective_from", "pass_mark"]
        widgets = {"effective_from": DateInput}

    def limit_choices(self, sites):
        self.fields["post"].queryset = ServicePost.objects.filter(site__in=sites, is_active=True)

    def clean(self):
        data = super().clean()
        post, site = data.get("post"), data.get("site") or self.instance.site_id
        if post is not None and site is not None and post.site_id != getattr(site, "pk", site):
            self.add_error("post", _("This choice is not at the chosen site."))
        return data


class StandardItemForm(StyledFormMixin, forms.Form):
    text = forms.CharField(label=_("Requirement"), max_length=300)
    weight = forms.DecimalField(
        label=_("Points"), min_value=Decimal("0.1"), max_value=999, decimal_places=1
    )


StandardItemFormSet = forms.formset_factory(
    StandardItemForm, extra=4, max_num=100, validate_max=True
)


def item_lines(formset) -> list[ItemLine]:
    """The filled rows of a valid items formset, in order."""
    return [
        ItemLine(form.cleaned_data["text"], form.cleaned_data["weight"], i)
        for i, form in enumerate(
            (f for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")),
            start=1,
        )
    ]


class EvaluationStartForm(StyledFormMixin, forms.Form):
    """Step one on the phone: the post (and optionally a person on it) and the month."""

    post = forms.ModelChoiceField(label=_("Post"), queryset=ServicePost.objects.none())
    month = MonthField(label=_("Month"))

    def __init__(self, *args, posts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["post"].queryset = posts if posts is not None else ServicePost.objects.none()


class EvaluationForm(StyledFormMixin, forms.Form):
    """Step two: points and a note for every item of the standard, a comment and a photo."""

    person = forms.ModelChoiceField(
        label=_("Person (empty: the whole post)"), queryset=Person.objects.none(), required=False
    )
    comment = forms.CharField(
        label=pgettext_lazy("evaluation", "Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    photo = forms.ImageField(label=_("Photo"), required=False)

    def __init__(self, *args, post, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        self.fields["person"].queryset = post.members.all()
        for item in items:
            self.fields[f"points_{item.pk}"] = forms.DecimalField(
                label=item.text,
                min_value=0,
                max_value=item.weight,
                decimal_places=1,
                initial=item.weight,
                widget=forms.NumberInput(
                    attrs={
                        "step": "0.5",
                        "min": "0",
                        "max": str(item.weight),
                        "data-weight": str(item.weight),
                    }
                ),
            )
            self.fields[f"note_{item.pk}"] = forms.CharField(
                label=_("Note"), max_length=300, required=False
            )
        super_init_styles(self)

    def item_rows(self):
        """(item, points field, note field) for the template."""
        return [(item, self[f"points_{item.pk}"], self[f"note_{item.pk}"]) for item in self.items]

    def scores(self) -> dict:
        data = self.cleaned_data
        return {
            item.pk: (data[f"points_{item.pk}"], data.get(f"note_{item.pk}", ""))
            for item in self.items
        }


def super_init_styles(form) -> None:
    """Style the fields added after StyledFormMixin ran."""
    for field in form.fields.values():
        widget = field.widget
        if "class" not in widget.attrs:
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs["class"] = css


class RectificationDoneForm(StyledFormMixin, forms.Form):
    action = forms.CharField(
        label=_("What was done"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class RectificationVerifyForm(StyledFormMixin, forms.Form):
    accepted = forms.TypedChoiceField(
        label=_("Result"),
        choices=[("yes", _("accepted: close it")), ("no", _("not yet right: send back"))],
        coerce=lambda value: value == "yes",
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )
