"""Publicity and the volunteer team: boards and their issues (期), printed materials and their
distribution, volunteers with their activities and hours, and the money put into the centre."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from houqin.core.models import BusinessRecord, Location, Person, SiteScoped
from houqin.outreach.choices import InvestmentCategory, MaterialKind


class PublicityBoard(SiteScoped):
    """A publicity board (宣传栏/专栏) at a place."""

    name = models.CharField(_("name"), max_length=100)
    location = models.ForeignKey(
        Location,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("location"),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["site", "name"]
        verbose_name = _("publicity board")
        verbose_name_plural = _("publicity boards")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("outreach:board_detail", kwargs={"pk": self.pk})


class BoardIssue(BusinessRecord):
    """An issue (期) of a board: its topics and when it was up."""

    number_prefix = "XC"

    board = models.ForeignKey(
        PublicityBoard, on_delete=models.PROTECT, related_name="issues", verbose_name=_("board")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    issue_no = models.PositiveSmallIntegerField(_("issue (期)"))
    title = models.CharField(_("title"), max_length=100)
    topics = models.TextField(_("topics"))
    posted_on = models.DateField(_("put up on"))
    removed_on = models.DateField(_("taken down on"), null=True, blank=True)
    editor = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("editor"),
    )

    class Meta:
        ordering = ["-posted_on"]
        verbose_name = _("board issue")
        verbose_name_plural = _("board issues")
        permissions = [("void_boardissue", _("Can void board issues"))]
        constraints = [
            models.UniqueConstraint(fields=["site", "number"], name="boardissue_number"),
            models.UniqueConstraint(
                fields=["board", "year", "issue_no"],
                condition=models.Q(voided_at__isnull=True),
                name="boardissue_no",
            ),
        ]
        indexes = [models.Index(fields=["site", "posted_on"], name="boardissue_site_posted")]

    def __str__(self):
        return f"{self.board} {self.year}-{self.issue_no} {self.title}"

    def get_absolute_url(self):
        return reverse("outreach:issue_detail", kwargs={"pk": self.pk})


class Material(SiteScoped):
    """A printed publicity material (宣传资料) and how many were printed."""

    title = models.CharField(_("title"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=MaterialKind.choices)
    printed = models.PositiveIntegerField(_("copies printed"))
    printed_on = models.DateField(_("printed on"))
    cost_yuan = models.DecimalField(
        _("cost (yuan)"), max_digits=10, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["site", "-printed_on"]
        verbose_name = _("publicity material")
        verbose_name_plural = _("publicity materials")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("outreach:material_detail", kwargs={"pk": self.pk})


class Distribution(BusinessRecord):
    """Copies of a material handed out on an occasion (发放)."""

    number_prefix = "FF"

    material = models.ForeignKey(
        Material,
        on_delete=models.PROTECT,
        related_name="distributions",
        verbose_name=_("material"),
    )
    distributed_on = models.DateField(_("handed out on"))
    quantity = models.PositiveIntegerField(pgettext_lazy("publicity", "copies"))
    occasion = models.CharField(_("occasion"), max_length=100, blank=True)

    class Meta:
        ordering = ["-distributed_on"]
        verbose_name = _("distribution")
        verbose_name_plural = _("distributions")
        permissions = [("void_distribution", _("Can void distributions"))]
        constraints = [
            models.UniqueConstraint(fields=["site", "number"], name="distribution_number")
        ]
        indexes = [models.Index(fields=["site", "distributed_on"], name="distribution_site_day")]

    def __str__(self):
        return f"{self.number} {self.material}"


class Volunteer(SiteScoped):
    """A member of the volunteer team (志愿者服务队)."""

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("person")
    )
    joined_on = models.DateField(_("joined on"))
    skills = models.CharField(_("skills"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["site", "person__name"]
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        constraints = [models.UniqueConstraint(fields=["site", "person"], name="volunteer_once")]

    def __str__(self):
        return str(self.person)

    def get_absolute_url(self):
        return reverse("outreach:volunteer_detail", kwargs={"pk": self.pk})


class VolunteerActivity(SiteScoped):
    """A volunteer activity, with the hours each volunteer gave."""

    title = models.CharField(_("title"), max_length=100)
    held_on = models.DateField(_("held on"))
    place = models.CharField(_("place"), max_length=100, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["-held_on"]
        verbose_name = _("volunteer activity")
        verbose_name_plural = _("volunteer activities")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("outreach:activity_detail", kwargs={"pk": self.pk})


class VolunteerHours(SiteScoped):
    """The hours one volunteer gave at one activity."""

    activity = models.ForeignKey(
        VolunteerActivity,
        on_delete=models.CASCADE,
        related_name="hours",
        verbose_name=_("activity"),
    )
    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.PROTECT, related_name="hours", verbose_name=_("volunteer")
    )
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1)

    class Meta:
        verbose_name = _("volunteer hours")
        verbose_name_plural = _("volunteer hours")
        constraints = [
            models.UniqueConstraint(fields=["activity", "volunteer"], name="volunteerhours_once")
        ]


class Investment(BusinessRecord):
    """Money put into the centre (专款), by item."""

    number_prefix = "TZ"

    invested_on = models.DateField(_("date"))
    item = models.CharField(_("item"), max_length=100)
    category = models.CharField(_("category"), max_length=10, choices=InvestmentCategory.choices)
    amount_yuan = models.DecimalField(_("amount (yuan)"), max_digits=12, decimal_places=2)
    approved_by = models.CharField(_("approved by"), max_length=100, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["-invested_on"]
        verbose_name = _("investment")
        verbose_name_plural = _("investments")
        permissions = [("void_investment", _("Can void investments"))]
        constraints = [models.UniqueConstraint(fields=["site", "number"], name="investment_number")]
        indexes = [models.Index(fields=["site", "invested_on"], name="investment_site_day")]

    def __str__(self):
        return f"{self.number} {self.item}"

    def get_absolute_url(self):
        return reverse("outreach:investment_detail", kwargs={"pk": self.pk})
