"""A notice's title names the project and the kind of notice, in the words notices use."""

from houqin.procurement.services.notices import notice_title


def test_a_project_ending_in_purchase_does_not_say_it_twice():
    assert notice_title("办公设备采购", "采购公告") == "办公设备采购公告"
    assert notice_title("办公设备采购", "单一来源采购公示") == "办公设备采购单一来源采购公示"


def test_other_titles_are_joined_as_they_are():
    assert notice_title("电梯维护保养服务", "采购公告") == "电梯维护保养服务采购公告"
    assert notice_title("物业管理项目", "合同公告") == "物业管理项目合同公告"
