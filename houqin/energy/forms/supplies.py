"""Forms of office-supplies requisitions: asking (one quantity box per catalogue item, for a
phone), issuing (one box per line), and taking goods back."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from houqin.core.forms import StyledFormMixin
from houqin.core.models import Department
from houqin.stock.models import Store

QUANTITY = {"max_digits": 15, "decimal_places": 3, "min_value": Decimal(0)}


def _quantity(label, *, required=False, initial=None) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        initial=initial,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any", "min": "0"}),
        **QUANTITY,
    )


class RequisitionAskForm(StyledFormMixin, forms.Form):
    """What a department asks for: the store, the purpose, a quantity per catalogue item
    (``catalogue``: rows of ``energy.queries.supplies.office_catalogue``). ``departments`` is
    given only to those who may ask for any department."""

    store = forms.ModelChoiceField(label=_("Store"), queryset=Store.objects.none())
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.none(), required=False
    )
    purpose = forms.CharField(
        label=pgettext_lazy("requisition", "Purpose"), max_length=200, required=False
    )

    def __init__(self, *args, stores, departments=None, catalogue=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["store"].queryset = stores
        if departments is None:
            del self.fields["department"]
        else:
            self.fields["department"].queryset = departments
            self.fields["department"].required = True
        self.catalogue = list(catalogue)
        for row in self.catalogue:
            field = _quantity(str(row["item"]))
            field.widget.attrs["class"] = "form-control"
            self.fields[f"qty_{row['item'].pk}"] = field

    def rows(self):
        """(catalogue row, bound quantity field) for the template."""
        return [(row, self[f"qty_{row['item'].pk}"]) for row in self.catalogue]

    def groups(self) -> list[tuple[str, list]]:
        """The rows by category (the catalogue comes ordered by category), for a phone to
        scroll through headings rather than one long list."""
        groups: dict[str, list] = {}
        other = str(pgettext_lazy("item category", "Other"))
        for row, field in self.rows():
            groups.setdefault(row["item"].category or other, []).append((row, field))
        return list(groups.items())

    def lines(self) -> list[dict]:
        """The items asked for (quantity above zero)."""
        return [
            {"item": row["item"], "quantity": self.cleaned_data[f"qty_{row['item'].pk}"]}
            for row in self.catalogue
            if self.cleaned_data.get(f"qty_{row['item'].pk}")
        ]


class RequisitionIssueForm(StyledFormMixin, forms.Form):
    """The quantity to issue on each line (what was asked, unless less is given) and who
    received the goods."""

    received_by = forms.CharField(
        label=pgettext_lazy("requisition", "Received by"), max_length=50, required=False
    )

    def __init__(self, *args, lines=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = list(lines)
        for line in self.lines:
            self.fields[f"line_{line.pk}"] = _quantity(
                str(line.item), required=True, initial=line.quantity.normalize()
            )

    def rows(self):
        return [(line, self[f"line_{line.pk}"]) for line in self.lines]

    def quantities(self) -> dict[int, Decimal]:
        return {line.pk: self.cleaned_data[f"line_{line.pk}"] for line in self.lines}


class RequisitionReturnForm(StyledFormMixin, forms.Form):
    """Goods of an issued requisition given back to the store."""

    item = forms.TypedChoiceField(label=pgettext_lazy("office supplies", "Item"), coerce=int)
    quantity = forms.DecimalField(label=_("Quantity"), max_digits=15, decimal_places=3)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, lines=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [
            (line.item_id, str(line.item)) for line in lines if line.issued_quantity
        ]
