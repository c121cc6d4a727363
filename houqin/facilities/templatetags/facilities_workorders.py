"""Template tags of work orders used on other modules' pages."""

from django import template

from houqin.core.permissions import has_perm_at

register = template.Library()


@register.simple_tag(takes_context=True)
def can_open_workorder(context, record) -> bool:
    """Whether the page's user may open a work order at the record's site."""
    user = context["request"].user
    return has_perm_at(user, "facilities.add_workorder", record.site_id)
