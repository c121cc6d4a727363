"""Choices of the reports module: the parts and pieces of the annual work summary."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SummaryPart(models.TextChoices):
    """The summary's opening and its three parts, in the seed's order."""

    OPENING = "opening", pgettext_lazy("summary part", "Title and opening")
    ENVIRONMENT = "environment", _("Environment and safety")
    SERVICES = "services", _("Services")
    TEAM = "team", _("The team's own building")


class SummaryTextKind(models.TextChoices):
    """What a piece of wording is: the title, the opening paragraph, a part's heading, the
    sentence that opens a part, or one numbered point (一是…)."""

    TITLE = "title", pgettext_lazy("summary", "title")
    OPENING = "opening", pgettext_lazy("summary", "opening paragraph")
    HEADING = "heading", pgettext_lazy("summary", "part heading")
    INTRO = "intro", pgettext_lazy("summary", "part introduction")
    POINT = "point", pgettext_lazy("summary", "point")
