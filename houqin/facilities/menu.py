"""The facilities module's menu."""

from django.utils.translation import gettext_lazy as _

from houqin.core import navigation

navigation.register(
    navigation.MenuGroup(
        "facilities",
        _("Facilities"),
        "tools",
        [
            navigation.MenuItem(
                _("Report a fault"), "facilities:workorder_report", "facilities.add_workorder"
            ),
            navigation.MenuItem(
                _("My fault reports"), "facilities:workorder_mine", "facilities.add_workorder"
            ),
            navigation.MenuItem(
                _("My work orders"), "facilities:workorder_assigned", "facilities.work_workorder"
            ),
            navigation.MenuItem(
                _("Work orders"), "facilities:workorder_list", "facilities.view_workorder"
            ),
            navigation.MenuItem(
                _("Log a shift"), "facilities:runlog_shift", "facilities.add_runlog"
            ),
            navigation.MenuItem(_("Run logs"), "facilities:runlog_list", "facilities.view_runlog"),
            navigation.MenuItem(
                _("Maintenance tasks"),
                "facilities:maintenancetask_list",
                "facilities.view_maintenancetask",
            ),
            navigation.MenuItem(
                _("Maintenance plans"),
                "facilities:maintenanceplan_list",
                "facilities.view_maintenanceplan",
            ),
            navigation.MenuItem(
                _("Equipment"), "facilities:equipment_list", "facilities.view_equipment"
            ),
            navigation.MenuItem(
                _("Certificates"), "facilities:certificate_list", "facilities.view_certificate"
            ),
            navigation.MenuItem(
                _("Equipment categories"),
                "facilities:equipmentcategory_list",
                "facilities.change_equipmentcategory",
            ),
            navigation.MenuItem(
                _("Contractors"), "facilities:contractor_list", "facilities.view_contractor"
            ),
            navigation.MenuItem(
                _("Operating shifts"),
                "facilities:operatingshift_list",
                "facilities.change_operatingshift",
            ),
        ],
        order=50,
    )
)
