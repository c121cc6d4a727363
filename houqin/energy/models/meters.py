"""Meters, tariffs, readings, conversion factors and the yearly statistics base.

A reading keeps what was read (the register ``value``) and, computed by the service when it is
written, what it means: the ``consumption`` since the reading before it (multiplier applied,
register rollover unwound, a meter replacement respected) and its ``cost`` under the tariff in
force. Only counted readings carry a consumption: a flagged reading waits for review and is no
baseline, so the next counted reading measures from the last good one and no use is lost or
counted twice. Sums by meter, building, department and month are then plain aggregates.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from houqin.core.models import Building, Department, Floor, SiteScoped
from houqin.energy.choices import (
    BudgetItem,
    EnergyType,
    FlagStatus,
    ReadingFlag,
    ReadingKind,
    ReadingSource,
    TariffPeriod,
)

QUANTITY = {"max_digits": 16, "decimal_places": 3}
MONEY = {"max_digits": 14, "decimal_places": 2}
PRICE = {"max_digits": 10, "decimal_places": 4}


class Tariff(SiteScoped):
    """A price plan for one energy type (e.g. 一般工商业 1–10 kV 分时电价, 非居民用水). Its
    prices are versioned by date in ``TariffPrice``; a time-of-use plan has several periods a
    day."""

    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=100)
    energy_type = models.CharField(_("energy type"), max_length=20, choices=EnergyType.choices)
    is_time_of_use = models.BooleanField(_("time-of-use"), default=False)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["site", "energy_type", "code"]
        verbose_name = _("tariff")
        verbose_name_plural = _("tariffs")
        constraints = [
            models.UniqueConstraint(fields=["site", "code"], name="energy_tariff_code_per_site")
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("energy:tariff_detail", kwargs={"pk": self.pk})


class TariffPrice(SiteScoped):
    """The price of one period of a tariff from ``valid_from`` on (until the tariff's next
    ``valid_from``). A period runs from ``starts`` to ``ends`` local time; ``ends`` ≤ ``starts``
    wraps past midnight, and ``starts`` == ``ends`` is the whole day (a flat tariff)."""

    tariff = models.ForeignKey(
        Tariff, on_delete=models.CASCADE, related_name="prices", verbose_name=_("tariff")
    )
    valid_from = models.DateField(_("valid from"))
    period = models.CharField(
        _("period"), max_length=10, choices=TariffPeriod.choices, default=TariffPeriod.FLAT
    )
    starts = models.TimeField(pgettext_lazy("time of day", "from"))
    ends = models.TimeField(pgettext_lazy("time of day", "until"))
    price = models.DecimalField(_("price (yuan per unit)"), **PRICE)

    class Meta:
        ordering = ["tariff", "-valid_from", "starts"]
        verbose_name = _("tariff price")
        verbose_name_plural = _("tariff prices")
        indexes = [models.Index(fields=["tariff", "valid_from"])]
        constraints = [
            models.UniqueConstraint(
                fields=["tariff", "valid_from", "starts"], name="energy_tariff_price_unique"
            ),
            models.CheckConstraint(condition=Q(price__gte=0), name="energy_price_not_negative"),
        ]

    def __str__(self):
        return f"{self.tariff} {self.valid_from} {self.get_period_display()}"


class Meter(SiteScoped):
    """A metering point (计量点) of one energy type in a building: a main meter, or a sub-meter
    (``parent``) of a floor or a department. Building and site totals add main meters only, so a
    sub-meter is never counted twice; department figures add the meters assigned to it.

    ``serial`` and ``multiplier`` are those of the device now installed; a replacement records
    the old device's final reading and the new one's initial reading."""

    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=100)
    energy_type = models.CharField(_("energy type"), max_length=20, choices=EnergyType.choices)
    building = models.ForeignKey(
        Building, on_delete=models.PROTECT, related_name="meters", verbose_name=_("building")
    )
    floor = models.ForeignKey(
        Floor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meters",
        verbose_name=_("floor"),
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meters",
        verbose_name=_("department"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sub_meters",
        verbose_name=_("main meter"),
        help_text=_("Leave empty for a main meter; a sub-meter is not added to building totals."),
    )
    tariff = models.ForeignKey(
        Tariff,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meters",
        verbose_name=_("tariff"),
    )
    serial = models.CharField(_("serial number"), max_length=50, blank=True)
    multiplier = models.DecimalField(
        _("multiplier"),
        max_digits=10,
        decimal_places=3,
        default=1,
        help_text=_("Current or voltage transformer ratio: use = register difference × this."),
    )
    rollover_at = models.DecimalField(
        _("register rolls over at"),
        **QUANTITY,
        null=True,
        blank=True,
        help_text=_("E.g. 100000 for a five-digit register that goes from 99999 back to 0."),
    )
    jump_factor = models.DecimalField(
        _("flag a jump above"),
        max_digits=6,
        decimal_places=2,
        default=5,
        help_text=_("Times the meter's usual use per hour over the last 30 days."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["site", "building", "energy_type", "code"]
        verbose_name = _("meter")
        verbose_name_plural = _("meters")
        constraints = [
            models.UniqueConstraint(fields=["site", "code"], name="energy_meter_code_per_site"),
            models.CheckConstraint(
                condition=Q(multiplier__gt=0), name="energy_meter_multiplier_positive"
            ),
            models.CheckConstraint(
                condition=Q(rollover_at__isnull=True) | Q(rollover_at__gt=0),
                name="energy_meter_rollover_positive",
            ),
            models.CheckConstraint(
                condition=Q(jump_factor__gt=1), name="energy_meter_jump_factor_above_one"
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    def get_absolute_url(self):
        return reverse("energy:meter_detail", kwargs={"pk": self.pk})


class Reading(SiteScoped):
    """One reading of a meter's register at a moment (抄表), entered on a phone, imported from
    a ledger or posted by a collector. ``consumption`` and ``cost`` are written by the service:
    None for an initial reading, a meter's first, and a flagged reading awaiting review."""

    meter = models.ForeignKey(
        Meter, on_delete=models.PROTECT, related_name="readings", verbose_name=_("meter")
    )
    read_at = models.DateTimeField(pgettext_lazy("meter reading", "read at"))
    value = models.DecimalField(_("register value"), **QUANTITY)
    kind = models.CharField(
        _("kind"), max_length=10, choices=ReadingKind.choices, default=ReadingKind.REGULAR
    )
    source = models.CharField(
        _("source"), max_length=10, choices=ReadingSource.choices, default=ReadingSource.MANUAL
    )
    multiplier = models.DecimalField(_("multiplier"), max_digits=10, decimal_places=3, default=1)
    consumption = models.DecimalField(
        pgettext_lazy("quantity used", "use"), **QUANTITY, null=True, blank=True
    )
    # The local day the use since the previous reading is counted on: the reading's day, or
    # the day before for a reading at midnight (00:00 closes the day before). Monthly and
    # yearly figures group by it.
    used_on = models.DateField(_("use counted on"), editable=False)
    cost = models.DecimalField(_("cost (yuan)"), **MONEY, null=True, blank=True)
    rolled_over = models.BooleanField(_("register rolled over"), default=False)
    flag = models.CharField(_("flag"), max_length=10, choices=ReadingFlag.choices, blank=True)
    flag_status = models.CharField(
        _("review"), max_length=10, choices=FlagStatus.choices, blank=True
    )
    flag_note = models.CharField(_("why flagged"), max_length=200, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("recorded by"),
    )
    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True, editable=False)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("voided by"),
    )
    void_reason = models.CharField(_("void reason"), max_length=200, blank=True, editable=False)

    class Meta:
        ordering = ["-read_at", "-id"]
        verbose_name = _("meter reading")
        verbose_name_plural = _("meter readings")
        permissions = [
            ("void_reading", _("Can void meter readings")),
            ("review_reading", _("Can confirm flagged meter readings")),
            ("import_reading", _("Can import meter readings")),
        ]
        indexes = [
            models.Index(fields=["meter", "read_at"]),
            models.Index(fields=["site", "read_at"]),
            models.Index(fields=["site", "used_on"]),
            models.Index(fields=["meter", "used_on"]),
            models.Index(
                fields=["site", "flag_status"],
                condition=Q(flag_status="pending"),
                name="energy_reading_pending",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["meter", "read_at"],
                condition=Q(voided_at__isnull=True),
                name="energy_reading_one_per_moment",
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="energy_reading_not_negative"),
        ]

    def __str__(self):
        return f"{self.meter.code} {timezone.localtime(self.read_at):%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("energy:reading_detail", kwargs={"pk": self.pk})


class ConversionFactor(models.Model):
    """A standard-coal conversion factor (折标准煤系数, GB/T 2589) for an energy type, in force
    from ``year_from`` until the next row of the same type: kgce per unit of the type's unit.
    National, not per site; kept with its source and confidence tag, editable by year.
    ``in_total`` is false for water, which public institutions report in m³, not in tce."""

    energy_type = models.CharField(_("energy type"), max_length=20, choices=EnergyType.choices)
    year_from = models.PositiveSmallIntegerField(_("from year"))
    factor = models.DecimalField(_("kgce per unit"), max_digits=12, decimal_places=5)
    basis = models.CharField(
        _("basis"),
        max_length=100,
        blank=True,
        help_text=_("E.g. equivalent value (当量值) 3 600 kJ/kWh."),
    )
    source = models.CharField(_("source"), max_length=300)
    confidence = models.CharField(_("confidence"), max_length=1, default="C")
    in_total = models.BooleanField(_("counts in total energy use"), default=True)

    class Meta:
        ordering = ["energy_type", "-year_from"]
        verbose_name = _("standard-coal factor")
        verbose_name_plural = _("standard-coal factors")
        constraints = [
            models.UniqueConstraint(
                fields=["energy_type", "year_from"], name="energy_factor_per_year"
            ),
            models.CheckConstraint(condition=Q(factor__gt=0), name="energy_factor_positive"),
        ]

    def __str__(self):
        return f"{self.get_energy_type_display()} {self.year_from}: {self.factor}"


class EnergyYear(SiteScoped):
    """A site's statistics base for a year (公共机构能源资源消费统计): the people working in
    the office area (用能人数, including staff off the establishment) and the office floor area
    (建筑面积, without housing and dormitories), the denominators of the intensities."""

    year = models.PositiveSmallIntegerField(_("year"))
    people = models.PositiveIntegerField(_("people using energy"))
    floor_area_m2 = models.DecimalField(
        _("office floor area (m²)"), max_digits=12, decimal_places=2
    )

    class Meta:
        ordering = ["site", "-year"]
        verbose_name = _("energy statistics base")
        verbose_name_plural = _("energy statistics bases")
        constraints = [
            models.UniqueConstraint(fields=["site", "year"], name="energy_year_per_site"),
            models.CheckConstraint(condition=Q(people__gt=0), name="energy_year_people_positive"),
            models.CheckConstraint(
                condition=Q(floor_area_m2__gt=0), name="energy_year_area_positive"
            ),
        ]

    def __str__(self):
        return f"{self.site} {self.year}"


class EnergyBudget(SiteScoped):
    """The yearly running-cost budget of a site for an energy type or for office supplies."""

    year = models.PositiveSmallIntegerField(_("year"))
    item = models.CharField(
        pgettext_lazy("budget", "item"), max_length=20, choices=BudgetItem.choices
    )
    amount = models.DecimalField(pgettext_lazy("money planned", "budget (yuan)"), **MONEY)

    class Meta:
        ordering = ["site", "-year", "item"]
        verbose_name = _("running-cost budget")
        verbose_name_plural = _("running-cost budgets")
        constraints = [
            models.UniqueConstraint(fields=["site", "year", "item"], name="energy_budget_unique"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="energy_budget_not_negative"),
        ]

    def __str__(self):
        return f"{self.year} {self.get_item_display()}"
