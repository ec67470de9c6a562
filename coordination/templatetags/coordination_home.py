"""{% support_flags %}: what needs the user's attention in support coordination (coordination.home)."""

from django import template

from coordination.home import flags_for

register = template.Library()


@register.inclusion_tag("coordination/_home_flags.html", takes_context=True)
def support_flags(context):
    return {"flags": flags_for(context["request"].user)}
