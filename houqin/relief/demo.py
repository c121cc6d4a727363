"""Demo rows of the relief module: the July 2006 flood ("碧利斯" typhoon, from 15 July) and a
small winter relief drive in December 2005 for the year-on-year figures. Everything goes
through the relief services, so goods in kind and bought pass through the stock ledger of the
relief store: the bureau gave 42,600 yuan, staff 15,800 yuan and 538 pieces of clothing; the
emergency purchases brought 20,400 bottles of water, 5,000 kg of dry food, 3,200 m² of
tarpaulin and 6,000 woven bags, all sent to the front and signed for but for one load still on
the way."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import F
from django.utils import timezone

from houqin.core.demo import person_name
from houqin.core.models import Person
from houqin.procurement.choices import Method
from houqin.procurement.models import Project, ProjectStage
from houqin.relief.choices import DonorKind, ReliefCategory
from houqin.relief.models import Campaign, Dispatch, Donation, EmergencyPurchase
from houqin.relief.services import (
    campaign_save,
    dispatch_create,
    dispatch_sign,
    donation_receive,
    purchase_receive,
    relief_item_save,
)
from houqin.stock.models import Item, Store

C = ReliefCategory
# code, name, specification, unit, category, unit cost
ITEMS = [
    ("JZ-WATER", "矿泉水", "550ml", "瓶", C.WATER, "1.10"),
    ("JZ-FOOD", "干粮(方便面/饼干)", "袋装", "公斤", C.DRY_FOOD, "8.80"),
    ("JZ-TARP", "防水彩条布", "三色加厚", "平方米", C.TARPAULIN, "3.20"),
    ("JZ-BAG", "编织袋", "55×95cm", "个", C.WOVEN_BAGS, "0.80"),
    ("JZ-CLOTH", "衣物", "成人夏装、冬装", "件", C.CLOTHING, None),
    ("JZ-QUILT", "棉被", "4斤", "床", C.OTHER, "85.00"),
]
# The procurement line each emergency project bought → the relief item it fills.
BOUGHT = {"矿泉水": "JZ-WATER", "干粮(方便面/饼干)": "JZ-FOOD", "防水彩条布": "JZ-TARP"}
BOUGHT["编织袋"] = "JZ-BAG"
BUREAU = "北湖区机关事务管理局"
FLOOD_CASH = [(30_000, date(2006, 7, 16)), (12_600, date(2006, 7, 21))]
DEPARTMENT_CASH = [("CZJ", 3_000), ("FGJ", 2_000), ("XCB", 1_500)]
STAFF_CASH, STAFF_DONORS, CLOTHING, CLOTHING_DONORS = 15_800, 60, 538, 35
# destination, hours after the last goods came in, lines (item code, quantity)
DISPATCHES = [
    (
        "北湖区防汛指挥部",
        12,
        [("JZ-WATER", 6000), ("JZ-FOOD", 1500), ("JZ-TARP", 1000), ("JZ-BAG", 3000)],
    ),
    (
        "华塘镇人民政府",
        18,
        [("JZ-WATER", 4000), ("JZ-FOOD", 1000), ("JZ-TARP", 800), ("JZ-BAG", 1000)],
    ),
    (
        "石盖塘镇人民政府",
        36,
        [("JZ-WATER", 4000), ("JZ-FOOD", 1000), ("JZ-TARP", 600), ("JZ-BAG", 1000)],
    ),
    (
        "保和瑶族乡人民政府",
        42,
        [("JZ-WATER", 3200), ("JZ-FOOD", 800), ("JZ-TARP", 500), ("JZ-BAG", 500)],
    ),
    (
        "鲁塘镇人民政府",
        60,
        [
            ("JZ-WATER", 2000),
            ("JZ-FOOD", 500),
            ("JZ-TARP", 300),
            ("JZ-BAG", 500),
            ("JZ-CLOTH", 300),
        ],
    ),
    ("月峰瑶族乡人民政府", 108, [("JZ-WATER", 1200), ("JZ-FOOD", 200), ("JZ-CLOTH", 238)]),
]
CARRIERS = ["湘L·A3256 刘建军", "湘L·B0817 陈志强", "湘L·A1190 王国平"]


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), timezone.get_current_timezone())


def split(rng, total: int, count: int, low: int, high: int, step: int) -> list[int]:
    """``count`` multiples of ``step`` within [low, high] adding up to ``total``."""
    parts = [rng.randrange(low, high + 1, step) for _ in range(count)]
    while sum(parts) != total:
        i = rng.randrange(count)
        move = step if sum(parts) < total else -step
        if low <= parts[i] + move <= high:
            parts[i] += move
    return parts


class ReliefLoader:
    """The relief store, its goods and the two campaigns."""

    def __init__(self, ctx):
        self.ctx, self.rng, self.by = ctx, ctx.rng, ctx.users["store"]
        keeper = Person.objects.filter(user=self.by).first()
        self.store = Store.objects.create(
            site=ctx.site, code="JZK", name="救灾物资库", keeper=keeper
        )
        self.items = {row[0]: self.item(*row) for row in ITEMS}

    def item(self, code, name, spec, unit, category, cost) -> Item:
        item = Item(
            site=self.ctx.site,
            code=code,
            name=name,
            spec=spec,
            unit=unit,
            category=category,
            unit_cost=Decimal(cost) if cost else None,
        )
        return relief_item_save(item=item, by=self.by)

    def campaign(self, title: str, description: str, starts: date, ends: date) -> Campaign:
        campaign = Campaign(
            site=self.ctx.site,
            title=title,
            description=description,
            starts_on=starts,
            ends_on=ends,
            store=self.store,
            list_is_public=True,
        )
        return campaign_save(campaign=campaign, by=self.by)

    def cash(self, campaign, kind: str, amount: int, at: datetime, **donor) -> None:
        donation_receive(
            campaign=campaign,
            donor_kind=kind,
            donor_name=donor.pop("name", ""),
            received_at=at,
            by=self.by,
            amount_yuan=Decimal(amount) if amount else None,
            **donor,
        )

    def staff(self, campaign, cash: int, donors: int, clothes: int, wearers: int, days) -> None:
        """Staff donations: cash from ``donors`` people, clothing from ``wearers`` of them."""
        people = self.rng.sample(self.ctx.people, donors)
        amounts = split(self.rng, cash, donors, 50, 500, 50)
        pieces = split(self.rng, clothes, wearers, 3, 30, 1) + [0] * (donors - wearers)
        for person, amount, count in zip(people, amounts, pieces, strict=True):
            day = days[0] + timedelta(days=self.rng.randint(0, (days[1] - days[0]).days))
            lines = [(self.items["JZ-CLOTH"], Decimal(count))] if count else []
            donation_receive(
                campaign=campaign,
                donor_kind=DonorKind.STAFF,
                donor_name="",
                person=person,
                received_at=_at(day, self.rng.randint(8, 17), self.rng.randint(0, 59)),
                by=self.by,
                amount_yuan=Decimal(amount),
                lines=lines,
            )

    # The July 2006 flood -----------------------------------------------------------------

    def flood(self) -> None:
        campaign = self.campaign(
            "2006年“7·15”抗洪救灾",
            "7月15日起受第4号强热带风暴“碧利斯”影响,我区普降特大暴雨,多个乡镇受灾。"
            "局机关组织捐款捐物,应急采购救灾物资并及时运送到抗洪一线。",
            date(2006, 7, 15),
            date(2006, 8, 31),
        )
        for amount, day in FLOOD_CASH:
            self.cash(campaign, DonorKind.ORGANISATION, amount, _at(day, 10), name=BUREAU)
        for code, amount in DEPARTMENT_CASH:
            department = self.ctx.departments[code]
            self.cash(
                campaign,
                DonorKind.DEPARTMENT,
                amount,
                _at(date(2006, 7, 18), 11),
                department=department,
            )
        self.cash(
            campaign,
            DonorKind.OTHER,
            500,
            _at(date(2006, 7, 19), 15),
            name="一位市民",
            is_anonymous=True,
        )
        self.staff(
            campaign,
            STAFF_CASH,
            STAFF_DONORS,
            CLOTHING,
            CLOTHING_DONORS,
            (date(2006, 7, 16), date(2006, 7, 17)),
        )
        ready = self.purchases(campaign)
        self.dispatches(campaign, ready)

    def purchases(self, campaign) -> datetime:
        """The goods of the flood's emergency projects, received after each contract; returns
        when the last came in."""
        projects = Project.objects.filter(
            site=self.ctx.site, method=Method.EMERGENCY, contract_signed_on__year=2006
        ).prefetch_related("lines")
        signed = dict(
            ProjectStage.objects.filter(project__in=projects, stage="contracted").values_list(
                "project_id", "at"
            )
        )
        last = None
        for project in projects:
            line = project.lines.all()[0]
            unit_cost = (project.contract_yuan / line.quantity).quantize(Decimal("0.01"))
            at = signed[project.pk] + timedelta(hours=3)
            item = self.items[BOUGHT[line.name]]
            purchase_receive(
                campaign=campaign,
                project=project,
                lines=[(item, line.quantity, unit_cost)],
                received_at=at,
                by=self.by,
            )
            last = max(last or at, at)
        return last

    def dispatches(self, campaign, ready: datetime) -> None:
        """Every load sent out and signed for at its destination but the last, on the way."""
        for n, (destination, hours, lines) in enumerate(DISPATCHES):
            at = ready + timedelta(hours=hours)
            dispatch = dispatch_create(
                campaign=campaign,
                destination=destination,
                dispatched_at=at,
                lines=[(self.items[code], Decimal(q)) for code, q in lines],
                by=self.by,
                carrier=CARRIERS[n % len(CARRIERS)],
            )
            if n < len(DISPATCHES) - 1:
                dispatch_sign(
                    dispatch=dispatch,
                    signed_by_name=person_name(self.rng),
                    signed_at=at + timedelta(hours=self.rng.randint(2, 5)),
                    by=self.by,
                    note="货物完好,数量相符。",
                )

    # The 2005 winter drive -----------------------------------------------------------------

    def winter_2005(self) -> None:
        campaign = self.campaign(
            "2005年冬季送温暖救灾捐赠",
            "为受冰冻灾害影响的山区群众募集御寒衣物和棉被。",
            date(2005, 12, 5),
            date(2005, 12, 31),
        )
        self.cash(campaign, DonorKind.ORGANISATION, 8_000, _at(date(2005, 12, 6), 10), name=BUREAU)
        self.staff(campaign, 5_200, 24, 216, 16, (date(2005, 12, 6), date(2005, 12, 12)))
        donation_receive(
            campaign=campaign,
            donor_kind=DonorKind.DEPARTMENT,
            donor_name="",
            department=self.ctx.departments["CZJ"],
            received_at=_at(date(2005, 12, 8), 15),
            by=self.by,
            lines=[(self.items["JZ-QUILT"], Decimal(120))],
        )
        at = _at(date(2005, 12, 15), 9)
        dispatch = dispatch_create(
            campaign=campaign,
            destination="保和瑶族乡人民政府",
            dispatched_at=at,
            lines=[(self.items["JZ-CLOTH"], Decimal(216)), (self.items["JZ-QUILT"], Decimal(120))],
            by=self.by,
            carrier=CARRIERS[0],
        )
        dispatch_sign(
            dispatch=dispatch,
            signed_by_name=person_name(self.rng),
            signed_at=at + timedelta(hours=3),
            by=self.by,
            note="已分发到村。",
        )


def load(ctx) -> None:
    """The relief store and its goods, the 2005 winter drive and the July 2006 flood."""
    loader = ReliefLoader(ctx)
    loader.winter_2005()
    loader.flood()
    backdate(ctx.site)


def backdate(site) -> None:
    """Records of past years were entered then, not today: each one's ``created_at`` is the
    moment it tells of (a campaign's at 9:00 on its first day)."""
    for campaign in Campaign.objects.filter(site=site):
        campaign.created_at = _at(campaign.starts_on, 9)
        campaign.save(update_fields=["created_at"])
    Donation.objects.filter(site=site).update(created_at=F("received_at"))
    EmergencyPurchase.objects.filter(site=site).update(created_at=F("received_at"))
    Dispatch.objects.filter(site=site).update(created_at=F("dispatched_at"))
