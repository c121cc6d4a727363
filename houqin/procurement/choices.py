"""Choices of the procurement module (政府采购中心): methods, stages, notices, rules."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Method(models.TextChoices):
    """Procurement methods under the Government Procurement Law art. 26 and the Ministry of
    Finance rules (DOMAIN §5.1); emergency purchase for disasters."""

    PUBLIC_TENDER = "public_tender", _("public tender")
    INVITED_TENDER = "invited_tender", _("invited tender")
    NEGOTIATION = "negotiation", _("competitive negotiation")
    CONSULTATION = "consultation", _("competitive consultation")
    SINGLE_SOURCE = "single_source", _("single-source procurement")
    QUOTATION = "quotation", _("request for quotation")
    FRAMEWORK = "framework", _("framework agreement")
    EMERGENCY = "emergency", _("emergency procurement")


class ObjectType(models.TextChoices):
    """What is bought: the thresholds differ for goods, services and works."""

    GOODS = "goods", _("goods")
    SERVICES = "services", _("services")
    WORKS = "works", _("works")


class FundingSource(models.TextChoices):
    FISCAL = "fiscal", _("fiscal budget")
    SPECIAL = "special", _("special fund")
    OWN = "own", _("own funds")
    DONATED = "donated", _("donations")
    OTHER = "other", pgettext_lazy("funding source", "other")


class Stage(models.TextChoices):
    """The stages of a project, in order. Not every method passes every stage: quotation and
    negotiation have no tender notice period, single source above the threshold has its
    publicity, emergency procurement goes from request to contract."""

    REQUESTED = "requested", _("requested")
    APPROVED = "approved", _("request approved")
    INTENTION = "intention", _("procurement intention published")
    SINGLE_SOURCE_PUBLICITY = "ss_publicity", _("single-source publicity")
    ANNOUNCED = "announced", _("notice published")
    DOCUMENTS_ISSUED = "documents", _("documents issued")
    OPENED = "opened", _("bids opened")
    EVALUATED = "evaluated", _("evaluation reported")
    CONFIRMED = "confirmed", _("winner confirmed")
    AWARDED = "awarded", _("result published")
    CONTRACTED = "contracted", _("contract signed")
    CONTRACT_PUBLISHED = "contract_published", _("contract published")
    ACCEPTED = "accepted", pgettext_lazy("procurement", "accepted")
    PAID = "paid", _("paid")


STAGE_ORDER = [stage.value for stage in Stage]


class ProjectStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    AWAITING_BUDGET = "awaiting_budget", _("awaiting budget approval")
    AWAITING_METHOD = "awaiting_method", _("awaiting method approval")
    ACTIVE = "active", pgettext_lazy("procurement", "in progress")
    CONTRACTED = "contracted", _("under contract")
    COMPLETED = "completed", _("completed")
    FAILED = "failed", _("failed (废标)")
    CANCELLED = "cancelled", _("cancelled")


class NoticeKind(models.TextChoices):
    """The public notices of the four publics (采购信息公开)."""

    INTENTION = "intention", _("procurement intention")
    TENDER = "tender", _("procurement notice")
    SINGLE_SOURCE = "single_source", _("single-source publicity")
    AMENDMENT = "amendment", _("clarification or amendment")
    OPENING = "opening", _("bid-opening record")
    RESULT = "result", _("result notice")
    CONTRACT = "contract", _("contract notice")
    FAILURE = "failure", _("failure or cancellation notice")


class Bound(models.TextChoices):
    """A time limit is a minimum ("not before N days after") or a maximum ("within N days")."""

    AT_LEAST = "min", _("at least")
    WITHIN = "max", _("within")


class DayKind(models.TextChoices):
    CALENDAR = "calendar", _("calendar days")
    WORKING = "working", _("working days")


class Confidence(models.TextChoices):
    """How sure the figure is (DOMAIN.md confidence tags)."""

    CONFIRMED = "C", _("confirmed [C]")
    PARTLY = "C~", _("partly confirmed [C~]")
    MEMORY = "M", _("from memory, verify [M]")
    UNVERIFIED = "S", _("single unverified source [S]")


class JurisdictionLevel(models.TextChoices):
    CENTRAL = "central", _("central")
    PROVINCE = "province", _("provincial")
    CITY = "city", _("city")
    COUNTY = "county", _("county or district")


class ThresholdKind(models.TextChoices):
    PUBLIC_TENDER = "public_tender", _("public-tender threshold")
    DECENTRALISED = "decentralised", _("decentralised-procurement threshold")
