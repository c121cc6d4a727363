"""Choices of the security module."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

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


class PostKind(models.TextChoices):
    GATE = "gate", _("gate")
    FIRE_CONTROL = "fire_control", _("fire-control room")
    PATROL = "patrol", _("patrol team")
    DUTY_OFFICE = "duty_office", _("duty office")
    CCTV = "cctv", _("CCTV monitoring room")
    OTHER = "other", _("other post")


class AbsenceReason(models.TextChoices):
    LEAVE = "leave", _("leave")
    SICK = "sick", _("sick leave")
    TRAINING = "training", _("training")
    OTHER = "other", _("other")


class RosterStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")


class SwapStatus(models.TextChoices):
    PENDING = "pending", _("awaiting approval")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")
    WITHDRAWN = "withdrawn", _("withdrawn")


class CameraKind(models.TextChoices):
    DOME = "dome", _("dome camera")
    BULLET = "bullet", _("bullet camera")
    PTZ = "ptz", _("pan-tilt-zoom camera")
    OTHER = "other", _("other")


class CameraStatus(models.TextChoices):
    WORKING = "working", _("working")
    FAULTY = "faulty", _("faulty")
    RETIRED = "retired", _("retired")


class AlarmSource(models.TextChoices):
    CAMERA = "camera", _("camera alarm")
    PERSON = "person", _("reported by a person")


class AlarmStatus(models.TextChoices):
    OPEN = "open", _("awaiting verification")
    VERIFIED = "verified", _("verified")


class AlarmResult(models.TextChoices):
    FALSE_ALARM = "false_alarm", _("false alarm")
    HAZARD = "hazard", _("hazard found")
    INCIDENT = "incident", _("incident")


class HazardCategory(models.TextChoices):
    FIRE = "fire", _("fire safety")
    ELECTRICAL = "electrical", _("electrical")
    STRUCTURAL = "structural", _("structural")
    SECURITY = "security", _("public security")
    SANITATION = "sanitation", _("sanitation")
    OTHER = "other", _("other")


class HazardGrade(models.TextChoices):
    ORDINARY = "ordinary", _("ordinary")
    MAJOR = "major", _("major")


class HazardStatus(models.TextChoices):
    REPORTED = "reported", _("reported")
    RECTIFIED = "rectified", _("rectified, awaiting verification")
    CLOSED = "closed", _("verified and closed")


class HazardSource(models.TextChoices):
    REPORT = "report", pgettext_lazy("hazard source", "report")
    PATROL = "patrol", _("patrol finding")
    ALARM = "alarm", _("camera or alarm")


class IncidentKind(models.TextChoices):
    CRIMINAL_CASE = "criminal_case", _("criminal case")
    SAFETY_ACCIDENT = "safety_accident", _("safety accident")
    PUBLIC_ORDER = "public_order", _("public-order event")
    OTHER = "other", _("other event")


class IncidentStatus(models.TextChoices):
    OPEN = "open", _("being followed up")
    CLOSED = "closed", _("closed")
