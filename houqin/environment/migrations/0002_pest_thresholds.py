"""Seed the density-control standards (GB/T 27770–27773) and their thresholds from DOMAIN.md
§1.1 and §1.3, each threshold with its confidence tag and evidence. The limits are data: a
revision is an edit of these rows (in the browser), not a code change."""

from datetime import date
from decimal import Decimal

from django.db import migrations

AEMVC = "http://www1.aemvc.com/hyfw/1266.html"
XIAN = "Xi'an study"
HAIDIAN = "Haidian study"

STANDARDS = [
    # code, edition, pest, title, in force, superseded, source, note
    ("GB/T 27770", "2011", "rodent", "病媒生物密度控制水平 鼠类", date(2012, 4, 1), None,
     "https://www.gb-gbt.com/PDF/Related.amp.aspx/GBT27770-2011",
     "Issued 2011-12-30. No revision found (DOMAIN §1.1)."),
    ("GB/T 27771", "2011", "mosquito", "病媒生物密度控制水平 蚊虫", date(2012, 4, 1), None,
     "http://www.mydoc123.com/d-268513.html", "Issued 2011-12-30. No revision found."),
    ("GB/T 27772", "2011", "fly", "病媒生物密度控制水平 蝇类", date(2012, 4, 1),
     date(2025, 11, 1), AEMVC, "Issued 2011-12-30. Superseded by GB/T 27772-2025."),
    ("GB/T 27772", "2025", "fly", "病媒生物密度控制水平 蝇类", date(2025, 11, 1), None,
     "https://www.chinesestandards.org/standards/GB/T%2027772-2025",
     "Issued 2025-04-25. 2025 text not obtained; verify every threshold."),
    ("GB/T 27773", "2011", "cockroach", "病媒生物密度控制水平 蜚蠊", date(2012, 4, 1), None,
     "shengwuziyuan.com interpretation", "Issued 2011-12-30. No revision found."),
]  # fmt: skip

# (code, edition): [(indicator, A, B, C, strict, clause, confidence, evidence)]
THRESHOLDS = {
    ("GB/T 27770", "2011"): [
        ("rodent_room_rate", "1", "3", "5", False, "城镇 level table", "S",
         f"PestCS; {XIAN} 2021: 2.20 % rated B; {HAIDIAN} 2019: 4.96 % met the standard"),
        ("rodent_powder_rate", "1", "3", "5", False, "城镇 level table", "S",
         "PestCS (same row as the indoor rodent-sign rate)"),
        ("rodent_proofing_rate", "3", "5", "7", False, "城镇 level table", "S",
         f"PestCS (合格率 ≥97/95/93); {XIAN}: 合格率 97.17 % rated A"),
        ("rodent_path_index", "1", "3", "5", False, "城镇 level table", "S",
         f"PestCS only; {XIAN} 0.39 → A; old 2001 criterion 2.5/km consistent with B"),
    ],
    ("GB/T 27771", "2011"): [
        ("mosquito_path_index", "0.1", "0.5", "0.8", False, "城镇 level table", "S",
         f"PestCS; {XIAN} 2019: 0.56 rated C. The C cut-off (0.8 vs 1.0) is unconfirmed"),
        ("mosquito_dip_rate", "1", "3", "5", False, "城镇 level table", "S",
         "PestCS; the old criterion of 3 % equals B"),
        ("mosquito_larvae_per_dip", "3", "5", "8", True, "城镇 level table", "S",
         "PestCS (strict <)"),
        ("mosquito_landing_index", "0.5", "1.0", "1.5", False, "城镇 level table", "S",
         f"PestCS; {XIAN} 0.46 rated A; {HAIDIAN} 0.93 met the standard"),
    ],
    ("GB/T 27772", "2011"): [
        ("fly_room_rate", "3", "6", "9", False, "城镇 level table", "S",
         f"C ≤9 % confirmed ({AEMVC}); A and B from PestCS [S]"),
        ("fly_density", "3", "3", "3", False, "城镇 level table", "S",
         f"C confirmed ({AEMVC}); A and B from PestCS [S]"),
        ("fly_proofing_rate", "2", "5", "10", False, "城镇 level table", "S",
         "PestCS only (合格率 ≥98/95/90)"),
        ("fly_breeding_rate", "1", "3", "5", False, "城镇 level table", "S",
         f"C ≤5 % confirmed ({AEMVC}); A and B from PestCS [S]"),
    ],
    ("GB/T 27773", "2011"): [
        ("roach_infestation_rate", "1", "3", "5", False, "城镇 level table", "S",
         f"PestCS; {HAIDIAN}: 9.10 % = 1.82 × the limit, i.e. 5 %"),
        ("roach_large_per_room", "2", "5", "5", False, "城镇 level table", "S",
         "PestCS; old 2001 criterion ≤5. Unconfirmed whether it varies by level"),
        ("roach_small_per_room", "5", "10", "10", False, "城镇 level table", "S",
         "PestCS; old criterion ≤10. Unconfirmed whether it varies by level"),
        ("roach_ootheca_rate", "1", "2", "3", False, "城镇 level table", "S",
         "PestCS; the old criterion of 2 % equals B"),
        ("roach_oothecae_per_room", "2", "4", "8", False, "城镇 level table", "S",
         "PestCS; old criterion ≤4"),
        ("roach_trace_rate", "3", "5", "7", False, "城镇 level table", "S",
         "PestCS; the old criterion of 5 % equals B"),
    ],
}  # fmt: skip
UNVERIFIED_COPY = "2025 text not obtained; verify"


def _rows(key):
    if key == ("GB/T 27772", "2025"):  # copies of 2011, to be corrected by editing the rows
        return [
            (*row[:6], "M", f"{UNVERIFIED_COPY}. Copied from 2011: {row[7]}"[:300])
            for row in THRESHOLDS[("GB/T 27772", "2011")]
        ]
    return THRESHOLDS[key]


def seed(apps, schema_editor):
    Standard = apps.get_model("environment", "PestStandard")
    Threshold = apps.get_model("environment", "PestThreshold")
    for code, edition, pest, title, start, end, source, note in STANDARDS:
        standard, _ = Standard.objects.get_or_create(
            code=code,
            edition=edition,
            defaults={
                "pest": pest,
                "title": title,
                "in_force_from": start,
                "superseded_on": end,
                "source": source,
                "note": note,
            },
        )
        for indicator, a, b, c, strict, clause, tag, evidence in _rows((code, edition)):
            Threshold.objects.get_or_create(
                standard=standard,
                indicator=indicator,
                defaults={
                    "limit_a": Decimal(a),
                    "limit_b": Decimal(b),
                    "limit_c": Decimal(c),
                    "strict": strict,
                    "clause": clause,
                    "confidence": tag,
                    "evidence": evidence,
                },
            )


def unseed(apps, schema_editor):
    Standard = apps.get_model("environment", "PestStandard")
    Survey = apps.get_model("environment", "PestSurvey")
    seeded = Standard.objects.filter(
        code__in=[s[0] for s in STANDARDS], edition__in=[s[1] for s in STANDARDS]
    )
    # A standard that surveys already point to stays (PROTECT); its thresholds go with it.
    seeded.exclude(pk__in=Survey.objects.values("standard_id")).delete()


class Migration(migrations.Migration):
    dependencies = [("environment", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
