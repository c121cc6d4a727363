"""The approvals engine (SPEC §2a): per-site flows of steps, requests about any record, and the
decision taken at each step."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from houqin.approvals.choices import ApprovalStatus
from houqin.core.models import SiteScoped


class ApprovalFlow(SiteScoped):
    """A site's own approval steps for one kind of request, replacing the kind's defaults."""

    kind = models.CharField(_("kind of request"), max_length=40)
    name = models.CharField(_("name"), max_length=100)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["site", "kind"]
        verbose_name = _("approval flow")
        verbose_name_plural = _("approval flows")
        constraints = [
            models.UniqueConstraint(fields=["site", "kind"], name="approvalflow_kind_per_site")
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("approvals:approvalflow_detail", kwargs={"pk": self.pk})


class ApprovalStep(models.Model):
    """One level of a flow: any one holder of ``role`` at the flow's site decides it."""

    flow = models.ForeignKey(
        ApprovalFlow, on_delete=models.CASCADE, related_name="steps", verbose_name=_("flow")
    )
    position = models.PositiveSmallIntegerField(_("level"))
    role = models.ForeignKey(Group, on_delete=models.PROTECT, verbose_name=_("role"))
    label = models.CharField(_("label"), max_length=100, blank=True)

    class Meta:
        ordering = ["flow_id", "position"]
        verbose_name = _("approval step")
        verbose_name_plural = _("approval steps")
        constraints = [
            models.UniqueConstraint(fields=["flow", "position"], name="approvalstep_position")
        ]

    def __str__(self):
        return f"{self.position}. {self.label or self.role.name}"


class ApprovalRequest(SiteScoped):
    """A request about one record, moving through its steps until approved, rejected or
    withdrawn. ``steps`` is the list of role codes taken at submission, so changing the site's
    flow later does not alter a request in progress; ``current_role`` repeats the current
    step's role so the pending queue is one indexed query."""

    kind = models.CharField(_("kind of request"), max_length=40)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, verbose_name=_("type of record")
    )
    object_id = models.PositiveBigIntegerField(_("record id"))
    target = GenericForeignKey("content_type", "object_id")
    target_url = models.CharField(_("link to the record"), max_length=300, blank=True)
    title = models.CharField(_("title"), max_length=200)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="approval_requests",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ApprovalStatus.choices,
        default=ApprovalStatus.PENDING,
    )
    current_step = models.PositiveSmallIntegerField(_("current level"), default=1)
    current_role = models.CharField(_("current role"), max_length=40, blank=True)
    steps = models.JSONField(_("steps"), default=list)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("approval request")
        verbose_name_plural = _("approval requests")
        indexes = [
            models.Index(fields=["site", "status", "current_role"], name="approval_queue_idx"),
            models.Index(fields=["content_type", "object_id"], name="approval_target_idx"),
            models.Index(fields=["submitted_by", "submitted_at"], name="approval_mine_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("approvals:request_detail", kwargs={"pk": self.pk})

    @property
    def is_pending(self) -> bool:
        return self.status == ApprovalStatus.PENDING

    @property
    def step_count(self) -> int:
        return len(self.steps)


class ApprovalDecision(SiteScoped):
    """The decision taken at one step of a request (one per step: any one holder decides)."""

    request = models.ForeignKey(
        ApprovalRequest,
        on_delete=models.CASCADE,
        related_name="decisions",
        verbose_name=_("approval request"),
    )
    step = models.PositiveSmallIntegerField(_("level"))
    role = models.CharField(_("role"), max_length=40)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)
    approved = models.BooleanField(_("approved"))
    comment = models.CharField(_("comment"), max_length=500, blank=True)

    class Meta:
        ordering = ["request", "step"]
        verbose_name = _("approval decision")
        verbose_name_plural = _("approval decisions")
        constraints = [
            models.UniqueConstraint(
                fields=["request", "step"], name="approvaldecision_one_per_step"
            )
        ]

    def __str__(self):
        return f"{self.request} · {self.step}"
