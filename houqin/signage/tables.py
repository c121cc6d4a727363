"""List tables (and Excel ledger columns) of the info screens."""

from django.utils.translation import gettext_lazy as _

from houqin.core.tables import Column, Table
from houqin.signage.choices import MessageKind, MessageStatus, ScreenKind


class ScreenTable(Table):
    """The screens of the compound."""

    select_related = ("location",)
    detail_url_name = "signage:screen_detail"

    code = Column(_("Code"), link=True, width=10, css="nowrap")
    name = Column(_("Name"), width=18)
    kind = Column(_("Type"), "kind", width=12, choices=ScreenKind)
    location = Column(_("Location"), "location__name", width=16)
    is_active = Column(_("Active"), width=6)
    last_seen_at = Column(_("Last shown at"), width=16, css="nowrap")


def _screens(message) -> str:
    if message.all_screens:
        return str(_("every screen of the site"))
    return "、".join(screen.name for screen in message.screens.all())


class MessageTable(Table):
    """The ledger of messages shown (图文信息播放台帐)."""

    prefetch_related = ("screens",)
    detail_url_name = "signage:message_detail"

    number = Column(_("Number"), link=True, width=16, css="nowrap")
    title = Column(_("Title"), width=24)
    kind = Column(_("Kind"), "kind", width=8, choices=MessageKind)
    screens = Column(_("Screens"), _screens, width=24)
    valid_from = Column(_("Shown from"), width=16, css="nowrap")
    valid_until = Column(_("Shown until"), width=16, css="nowrap")
    status = Column(_("Status"), "status", width=10, choices=MessageStatus)
    approved_at = Column(_("Approved at"), width=16, css="nowrap")
