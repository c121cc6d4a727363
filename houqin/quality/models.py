"""Service standards as weighted checklists per post; monthly evaluations of posts and people
with rectification of low items; periodic satisfaction surveys of the staff. Satisfaction after
a served meeting or a closed work order is the rating kept on that record; every source is read
through ``quality.satisfaction`` so that the rate the leadership quotes covers them all."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from houqin.core.models import BusinessRecord, Department, Person, SiteScoped
from houqin.quality.choices import PostKind, RectificationStatus, SurveyAudience, SurveyStatus


class ServicePost(SiteScoped):
    """A service post (会议服务, 保洁, 绿化 …) held to a standard; its team is a department."""

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=12, choices=PostKind.choices)
    team = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("team"),
    )
    members = models.ManyToManyField(
        Person, blank=True, related_name="service_posts", verbose_name=_("people on the post")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["site", "kind", "name"]
        verbose_name = _("service post")
        verbose_name_plural = _("service posts")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("quality:servicepost_detail", kwargs={"pk": self.pk})


class Standard(SiteScoped):
    """The service standard of a post (服务标准): a checklist of weighted items, in force from a
    date; a revision is a new standard, so past evaluations keep the items they were scored on."""

    post = models.ForeignKey(
        ServicePost, on_delete=models.PROTECT, related_name="standards", verbose_name=_("post")
    )
    title = models.CharField(_("title"), max_length=200)
    effective_from = models.DateField(_("in force from"))
    pass_mark = models.DecimalField(
        _("pass mark (%)"),
        max_digits=5,
        decimal_places=1,
        default=80,
        help_text=_("An item scored below this share of its weight needs rectification."),
    )

    class Meta:
        ordering = ["post", "-effective_from"]
        verbose_name = _("service standard")
        verbose_name_plural = _("service standards")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("quality:standard_detail", kwargs={"pk": self.pk})


class StandardItem(SiteScoped):
    """One requirement of a standard with its weight (points)."""

    standard = models.ForeignKey(
        Standard, on_delete=models.CASCADE, related_name="items", verbose_name=_("standard")
    )
    text = models.CharField(_("requirement"), max_length=300)
    weight = models.DecimalField(_("points"), max_digits=5, decimal_places=1)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["standard", "position", "pk"]
        verbose_name = _("standard item")
        verbose_name_plural = _("standard items")
        constraints = [
            models.CheckConstraint(condition=Q(weight__gt=0), name="standarditem_weight")
        ]

    def __str__(self):
        return self.text


class Evaluation(BusinessRecord):
    """A supervisor's monthly scoring of a post, or of one person on it (服务考评)."""

    number_prefix = "KP"

    standard = models.ForeignKey(
        Standard, on_delete=models.PROTECT, related_name="evaluations", verbose_name=_("standard")
    )
    post = models.ForeignKey(
        ServicePost,
        on_delete=models.PROTECT,
        related_name="evaluations",
        verbose_name=_("post"),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
        help_text=_("Empty: the whole post."),
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month scored."))
    evaluated_at = models.DateTimeField(_("evaluated at"), default=timezone.now)
    score = models.DecimalField(_("score (%)"), max_digits=5, decimal_places=1)
    comment = models.TextField(pgettext_lazy("evaluation", "Comment"), blank=True)

    class Meta:
        ordering = ["-month", "post"]
        verbose_name = _("service evaluation")
        verbose_name_plural = _("service evaluations")
        permissions = [("void_evaluation", _("Can void evaluations"))]
        indexes = [models.Index(fields=["site", "month"], name="evaluation_site_month")]
        constraints = [
            models.UniqueConstraint(fields=["site", "number"], name="evaluation_number"),
            models.UniqueConstraint(
                fields=["post", "person", "month"],
                condition=Q(voided_at__isnull=True, person__isnull=False),
                name="evaluation_person_month",
            ),
            models.UniqueConstraint(
                fields=["post", "month"],
                condition=Q(voided_at__isnull=True, person__isnull=True),
                name="evaluation_post_month",
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.post}"

    def get_absolute_url(self):
        return reverse("quality:evaluation_detail", kwargs={"pk": self.pk})


class EvaluationScore(SiteScoped):
    """The points given for one item of the standard; a low one opens a rectification."""

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="scores", verbose_name=_("evaluation")
    )
    item = models.ForeignKey(
        StandardItem, on_delete=models.PROTECT, related_name="+", verbose_name=_("item")
    )
    points = models.DecimalField(_("points given"), max_digits=5, decimal_places=1)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["evaluation", "item__position"]
        verbose_name = _("item score")
        verbose_name_plural = _("item scores")
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "item"], name="evaluationscore_once"),
            models.CheckConstraint(condition=Q(points__gte=0), name="evaluationscore_points"),
        ]

    def __str__(self):
        return f"{self.item}: {self.points}"


class Rectification(SiteScoped):
    """What is to be put right after a low item score, by when, and its check."""

    score = models.OneToOneField(
        EvaluationScore,
        on_delete=models.CASCADE,
        related_name="rectification",
        verbose_name=_("item score"),
    )
    deadline = models.DateField(_("rectify by"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RectificationStatus.choices,
        default=RectificationStatus.OPEN,
    )
    action = models.TextField(_("what was done"), blank=True)
    done_at = models.DateTimeField(_("rectified at"), null=True, blank=True)
    verified_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked by"),
    )

    class Meta:
        ordering = ["deadline"]
        verbose_name = _("rectification")
        verbose_name_plural = _("rectifications")
        indexes = [models.Index(fields=["site", "status", "deadline"], name="rectification_open")]

    def __str__(self):
        return str(self.score)


class Survey(SiteScoped):
    """A periodic satisfaction survey of the staff about the services (满意度测评)."""

    title = models.CharField(_("title"), max_length=200)
    audience = models.CharField(
        _("who is asked"),
        max_length=12,
        choices=SurveyAudience.choices,
        default=SurveyAudience.ALL_STAFF,
    )
    departments = models.ManyToManyField(
        Department, blank=True, related_name="+", verbose_name=_("departments asked")
    )
    services = models.JSONField(
        _("services asked about"), default=list, help_text=_("Service post kinds.")
    )
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    status = models.CharField(
        _("status"), max_length=8, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        ordering = ["-opens_at"]
        verbose_name = _("satisfaction survey")
        verbose_name_plural = _("satisfaction surveys")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("quality:survey_detail", kwargs={"pk": self.pk})


def new_invitation_token() -> str:
    return secrets.token_urlsafe(20)


class SurveyInvitation(SiteScoped):
    """One person asked to answer a survey (one answer each; the answers are anonymous)."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("survey")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("who")
    )
    token = models.CharField(max_length=40, unique=True, default=new_invitation_token)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        constraints = [
            models.UniqueConstraint(fields=["survey", "user"], name="surveyinvitation_once")
        ]

    def __str__(self):
        return f"{self.survey} → {self.user}"


class SurveyAnswer(SiteScoped):
    """One answer about one service (1–5; 4 and 5 count as satisfied). Not linked to the person,
    so answers stay anonymous; the invitation records only that they answered."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="answers", verbose_name=_("survey")
    )
    service = models.CharField(_("service"), max_length=12, choices=PostKind.choices)
    score = models.PositiveSmallIntegerField(_("score (1–5)"))
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    answered_at = models.DateTimeField(_("answered at"), default=timezone.now)

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        indexes = [models.Index(fields=["site", "answered_at"], name="surveyanswer_site_at")]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=5), name="surveyanswer_score"
            )
        ]

    def __str__(self):
        return f"{self.get_service_display()}: {self.score}"
