"""Choices of the team module (自身建设)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class HonourLevel(models.TextChoices):
    """The level of the body that awarded an honour, as honours are counted."""

    NATIONAL = "national", pgettext_lazy("honour level", "national")
    PROVINCIAL = "provincial", pgettext_lazy("honour level", "provincial")
    MUNICIPAL = "municipal", pgettext_lazy("honour level", "municipal")
    DISTRICT = "district", pgettext_lazy("honour level", "district")
    INTERNAL = "internal", pgettext_lazy("honour level", "within the bureau")


class RecipientKind(models.TextChoices):
    ORGANISATION = "organisation", _("the bureau")
    COMPOUND = "compound", _("the compound")
    DEPARTMENT = "department", pgettext_lazy("honour recipient", "a department")
    PERSON = "person", pgettext_lazy("honour recipient", "a person")


class PublicationKind(models.TextChoices):
    """An article on the bureau's work in a periodical or newspaper, or a book the bureau
    compiled (such as its chronicle, 机关事务志)."""

    ARTICLE = "article", pgettext_lazy("publication", "article")
    BOOK = "book", pgettext_lazy("publication", "book")


class RegulationScope(models.TextChoices):
    """What a regulation governs."""

    COMPOUND = "compound", _("the compound")
    BUILDING = "building", _("the office building")
    BUREAU = "bureau", _("the bureau")
    OTHER = "other", pgettext_lazy("regulation scope", "other")
