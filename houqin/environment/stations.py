"""Pest-station checks (bait stations, glue boards) as rounds of the inspection engine,
walked by whoever records density surveys (registered on import). A check needs no finding
handler: what is found is recorded as a survey or a control action."""

from django.utils.translation import gettext_lazy as _

from houqin.inspections import registry
from houqin.inspections.choices import RouteKind

registry.register(
    RouteKind.PEST,
    label=_("pest-station check"),
    scan_perm="environment.add_pestsurvey",
)
