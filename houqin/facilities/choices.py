"""Choices of the facilities module."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class System(models.TextChoices):
    """The building system a category belongs to; the seed counts safe shifts (台班) per system."""

    CENTRAL_AC = "central_ac", _("central air-conditioning")
    ELEVATOR = "elevator", _("elevators")
    WATER_SUPPLY = "water_supply", _("water supply")
    POWER_DISTRIBUTION = "power_distribution", _("power distribution")
    FIRE_PROTECTION = "fire_protection", _("fire protection")
    CCTV = "cctv", _("CCTV")
    OTHER = "other", _("other")


class SpecialKind(models.TextChoices):
    """Special equipment (特种设备) under the Special Equipment Safety Law; blank for ordinary."""

    NONE = "", _("not special equipment")
    TRACTION_LIFT = "traction_lift", _("traction lift")
    HYDRAULIC_LIFT = "hydraulic_lift", _("hydraulic lift")
    DUMBWAITER = "dumbwaiter", _("dumbwaiter")
    ESCALATOR = "escalator", _("escalator or moving walk")
    PRESSURE_VESSEL = "pressure_vessel", _("pressure vessel")
    BOILER = "boiler", _("boiler")


LIFT_KINDS = (
    SpecialKind.TRACTION_LIFT,
    SpecialKind.HYDRAULIC_LIFT,
    SpecialKind.DUMBWAITER,
    SpecialKind.ESCALATOR,
)


class EquipmentStatus(models.TextChoices):
    IN_SERVICE = "in_service", _("in service")
    UNDER_REPAIR = "repair", _("under repair")
    OUT_OF_SERVICE = "stopped", _("out of service")
    RETIRED = "retired", _("retired")


class CertificateKind(models.TextChoices):
    """Documents a piece of special equipment carries; those with an expiry date are watched."""

    REGISTRATION = "registration", _("registration certificate (使用登记证)")
    SUPERVISORY = "supervisory", _("supervisory inspection (installation or major repair)")
    PERIODIC = "periodic", _("periodic inspection (定期检验)")
    SELF_TEST = "self_test", _("self-testing (自行检测)")
    OTHER = "other", _("other certificate")


class RunStatus(models.TextChoices):
    NORMAL = "normal", _("normal")
    ABNORMAL = "abnormal", _("abnormal")


class Recurrence(models.TextChoices):
    """How a maintenance plan finds its next date."""

    FIXED = "fixed", _("from the scheduled date")
    AFTER_DONE = "after_done", _("from the last completion")
    METER = "meter", _("on a meter reading")


class IntervalUnit(models.TextChoices):
    DAY = "day", _("days")
    WEEK = "week", _("weeks")
    MONTH = "month", _("months")
    YEAR = "year", _("years")


class HolidayRule(models.TextChoices):
    """What happens to a task date that falls on a rest day (weekend or public holiday)."""

    KEEP = "keep", _("keep the date")
    EARLIER = "earlier", _("move to the working day before")
    LATER = "later", _("move to the next working day")


class MaintenanceStandard(models.TextChoices):
    """Where a plan's interval comes from (../DOMAIN.md §2.2, §3.1)."""

    OWN = "own", _("the compound's own choice")
    LIFT_HALF_MONTH = "tsg_t5002_half_month", _("TSG T5002 half-monthly maintenance")
    LIFT_QUARTER = "tsg_t5002_quarter", _("TSG T5002 quarterly maintenance")
    LIFT_HALF_YEAR = "tsg_t5002_half_year", _("TSG T5002 half-yearly maintenance")
    LIFT_YEAR = "tsg_t5002_year", _("TSG T5002 yearly maintenance")
    FIRE_DAILY = "gb25201_daily", _("GB 25201 daily patrol")
    FIRE_MONTH = "gb25201_month", _("GB 25201 monthly check")
    FIRE_YEAR = "gb25201_year", _("GB 25201 yearly test")


class TaskStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("scheduled")
    DUE = "due", _("due soon")
    OVERDUE = "overdue", _("overdue")
    DONE = "done", _("done")


OPEN_TASK_STATUSES = (TaskStatus.SCHEDULED, TaskStatus.DUE, TaskStatus.OVERDUE)


class WorkOrderSource(models.TextChoices):
    STAFF = "staff", _("staff report")
    PUBLIC = "public", _("report by scanning a label")
    RUN_LOG = "run_log", _("run-log anomaly")
    HAZARD = "hazard", _("safety hazard")
    CAMERA = "camera", _("camera fault")
    INSPECTION = "inspection", _("inspection finding")
    MAINTENANCE = "maintenance", _("maintenance task")


class WorkOrderPriority(models.TextChoices):
    URGENT = "urgent", _("urgent")
    NORMAL = "normal", _("normal")
    LOW = "low", _("low")


class WorkOrderStatus(models.TextChoices):
    """报修 → 派工 → 维修 → 完工 → 关闭 (closed after the reporter's rating or by hand)."""

    REPORTED = "reported", pgettext_lazy("work order", "reported")
    ASSIGNED = "assigned", pgettext_lazy("work order", "assigned")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("repaired")
    CLOSED = "closed", pgettext_lazy("work order", "closed")


OPEN_WORK_ORDER_STATUSES = (
    WorkOrderStatus.REPORTED,
    WorkOrderStatus.ASSIGNED,
    WorkOrderStatus.IN_PROGRESS,
)
