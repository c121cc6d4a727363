"""The menu puts daily work first and reference last, and shows only what a user may open."""

from django.utils import translation

from houqin.core.navigation import menu_for


def test_daily_work_comes_before_reference_in_the_menu(personas):
    with translation.override("en"):
        groups = [str(group["label"]) for group in menu_for(personas.secadmin)]
    assert groups.index("Gate and visitors") == 0
    assert groups.index("Duty") < groups.index("Inspection rounds") < groups.index("Directory")
    assert groups[-1] == "Directory"


def test_a_guard_sees_no_roster_generation_or_configuration(personas):
    with translation.override("en"):
        items = [str(i["label"]) for group in menu_for(personas.guard) for i in group["items"]]
    assert "My shifts" in items and "My round" in items and "Report a hazard" in items
    assert "Generate a roster" not in items and "Duty posts" not in items
