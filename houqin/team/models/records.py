"""The team's record of itself: honours won (荣誉), publications of its experience (经验
刊登) and the chronicle of events (大事记)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from houqin.core.models import BusinessRecord, Department, Person
from houqin.team.choices import HonourLevel, PublicationKind, RecipientKind


class Honour(BusinessRecord):
    """An honour (荣誉称号) awarded to the bureau, the compound, a department or a person."""

    number_prefix = "RY"

    title = models.CharField(_("title"), max_length=200)
    level = models.CharField(
        pgettext_lazy("honour", "level"), max_length=20, choices=HonourLevel.choices
    )
    awarding_body = models.CharField(_("awarded by"), max_length=100)
    awarded_on = models.DateField(_("awarded on"))
    recipient_kind = models.CharField(
        _("awarded to"),
        max_length=20,
        choices=RecipientKind.choices,
        default=RecipientKind.ORGANISATION,
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="honours",
        verbose_name=_("person"),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["-awarded_on", "-id"]
        verbose_name = _("honour")
        verbose_name_plural = _("honours")
        permissions = [("void_honour", _("Can void honours"))]
        indexes = [models.Index(fields=["site", "awarded_on"])]
        constraints = [
            models.UniqueConstraint(fields=["site", "number"], name="team_honour_number")
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("team:honour_detail", kwargs={"pk": self.pk})


class Publication(BusinessRecord):
    """An article on the bureau's work in a periodical, or a book the bureau compiled."""

    number_prefix = "KD"

    kind = models.CharField(
        _("kind"), max_length=10, choices=PublicationKind.choices, default=PublicationKind.ARTICLE
    )
    title = models.CharField(_("title"), max_length=200)
    periodical = models.CharField(
        _("periodical"), max_length=100, blank=True, help_text=_("Journal or newspaper.")
    )
    issue = models.CharField(pgettext_lazy("periodical", "issue"), max_length=50, blank=True)
    published_on = models.DateField(_("published on"))
    authors = models.CharField(_("authors"), max_length=200, blank=True)
    characters = models.PositiveIntegerField(
        _("length (characters)"), null=True, blank=True, help_text=_("For a book: its length.")
    )
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        ordering = ["-published_on", "-id"]
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        permissions = [("void_publication", _("Can void publications"))]
        indexes = [models.Index(fields=["site", "published_on"])]
        constraints = [
            models.UniqueConstraint(fields=["site", "number"], name="team_publication_number"),
            models.CheckConstraint(
                condition=~Q(kind="article") | ~Q(periodical=""),
                name="team_article_has_periodical",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("team:publication_detail", kwargs={"pk": self.pk})


class ChronicleEntry(BusinessRecord):
    """An entry of the bureau's chronicle of events (大事记), by date."""

    number_prefix = "DS"

    occurred_on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), blank=True)

    class Meta:
        ordering = ["-occurred_on", "-id"]
        verbose_name = _("chronicle entry")
        verbose_name_plural = _("chronicle entries")
        permissions = [("void_chronicleentry", _("Can void chronicle entries"))]
        indexes = [models.Index(fields=["site", "occurred_on"])]
        constraints = [
            models.UniqueConstraint(fields=["site", "number"], name="team_chronicle_number")
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("team:chronicle_detail", kwargs={"pk": self.pk})
