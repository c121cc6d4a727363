"""Choices of the stock ledger."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MovementKind(models.TextChoices):
    RECEIPT = "receipt", _("receipt")
    ISSUE = "issue", _("issue")
    TRANSFER_OUT = "transfer_out", _("transfer out")
    TRANSFER_IN = "transfer_in", _("transfer in")
    ADJUSTMENT = "adjustment", _("stock-take adjustment")
    RETURN = "return", _("return")


# Movements that bring goods in (+) and those that take them out (−); an adjustment is either.
INWARD = (MovementKind.RECEIPT, MovementKind.TRANSFER_IN, MovementKind.RETURN)
OUTWARD = (MovementKind.ISSUE, MovementKind.TRANSFER_OUT)

UNITS = [
    "件",
    "个",
    "瓶",
    "箱",
    "袋",
    "包",
    "盒",
    "本",
    "支",
    "张",
    "卷",
    "套",
    "台",
    "公斤",
    "吨",
    "米",
    "平方米",
    "升",
]
