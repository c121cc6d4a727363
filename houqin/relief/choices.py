"""Choices of the relief module (救灾捐赠与应急物资)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DonorKind(models.TextChoices):
    ORGANISATION = "organisation", _("the bureau")
    DEPARTMENT = "department", pgettext_lazy("donor", "department")
    STAFF = "staff", _("staff member")
    OTHER = "other", pgettext_lazy("donor", "other donor")


class ReliefCategory(models.TextChoices):
    """What relief goods are, for the figures the report quotes; each is counted in its own
    unit (the relief item's unit must be the category's)."""

    CLOTHING = "clothing", _("clothing")
    WATER = "water", _("drinking water")
    DRY_FOOD = "dry_food", _("dry food")
    TARPAULIN = "tarpaulin", _("tarpaulin")
    WOVEN_BAGS = "woven_bags", _("woven bags")
    OTHER = "other", pgettext_lazy("relief goods", "other")


# The unit each category is counted in (件, 瓶, 公斤, 平方米, 个); "other" takes any.
CATEGORY_UNITS = {
    ReliefCategory.CLOTHING: "件",
    ReliefCategory.WATER: "瓶",
    ReliefCategory.DRY_FOOD: "公斤",
    ReliefCategory.TARPAULIN: "平方米",
    ReliefCategory.WOVEN_BAGS: "个",
}


class DispatchStatus(models.TextChoices):
    DISPATCHED = "dispatched", _("on the way")
    SIGNED = "signed", _("signed for")
