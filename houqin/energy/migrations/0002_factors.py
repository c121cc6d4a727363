"""The standard-coal conversion factors of GB/T 2589 as rows (DOMAIN §4.1), with source and
confidence tag; editable by year afterwards (a new row from a later year takes over)."""

from decimal import Decimal

from django.db import migrations

FACTORS = [
    # energy type, from year, kgce per unit, basis, source, confidence, counts in total
    (
        "electricity",
        1990,
        "0.1229",
        "当量值 3 600 kJ/kWh",
        "GB/T 2589《综合能耗计算通则》; 国家统计局: 每千瓦小时折0.1229千克标准煤",
        "C",
        True,
    ),
    (
        "gas",
        1990,
        "1.2143",
        "12.143 tce/万m³",
        "GB/T 2589 附录 (2020版范围 1.1000–1.3300 kgce/m³); 常用固定值 1.2143",
        "C",
        True,
    ),
    (
        "heat",
        1990,
        "34.12",
        "0.03412 kgce/MJ",
        "GB/T 2589 附录: 热力 0.0341 tce/GJ",
        "C",
        True,
    ),
    (
        "water",
        1990,
        "0.0857",
        "新水, kgce/t",
        "GB/T 2589 耗能工质; 公共机构统计以立方米报送用水, 不计入综合能耗",
        "M",
        False,
    ),
]


def load(apps, schema_editor):
    factor = apps.get_model("energy", "ConversionFactor")
    for energy_type, year, value, basis, source, confidence, in_total in FACTORS:
        factor.objects.update_or_create(
            energy_type=energy_type,
            year_from=year,
            defaults={
                "factor": Decimal(value),
                "basis": basis,
                "source": source,
                "confidence": confidence,
                "in_total": in_total,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("energy", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
