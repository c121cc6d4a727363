"""Choices of the security module."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from houqin.utils.idnumbers import IdType


class IdTypeChoices(models.TextChoices):
    RESIDENT_ID = IdType.RESIDENT_ID.value, _("resident ID card")
    PASSPORT = IdType.PASSPORT.value, _("passport")
    HK_MACAO_PERMIT = IdType.HK_MACAO_PERMIT.value, _("Hong Kong / Macao permit")
    TAIWAN_PERMIT = IdType.TAIWAN_PERMIT.value, _("Taiwan permit")
    OTHER = IdType.OTHER.value, _("other document")


class VisitPurpose(models.TextChoices):
    BUSINESS = "business", _("official business")
    MEETING = "meeting", _("meeting")
    DELIVERY = "delivery", _("delivery")
    MAINTENANCE = "maintenance", _("maintenance / construction")
    PETITION = "petition", _("letters and visits")
    INTERVIEW = "interview", _("interview / inspection")
    PERSONAL = "personal", _("visiting staff")
    OTHER = "other", _("other")


class VisitStatus(models.TextChoices):
    INSIDE = "inside", _("inside")
    LEFT = "left", _("left")
    REFUSED = "refused", _("refused entry")
