"""{% case_tabs view "cases:detail" %}: the tabs of a case page (coordination.web.CASE_TABS)."""

from django import template

from coordination.web import case_tabs as tabs_for

register = template.Library()


@register.inclusion_tag("coordination/_case_tabs.html")
def case_tabs(view, active):
    return {"tabs": tabs_for(view, active), "view": view}
