"""{% reveal_form seeker "detail" %}: the small form that asks for a reason before the seeker's
legal status and offences are shown (employment.seekers.reveal)."""

from django import template

from employment.seekers.reveal import RevealForm

register = template.Library()


@register.inclusion_tag("employment/matching/_reveal_form.html")
def reveal_form(seeker, show: str):
    return {"seeker": seeker, "form": RevealForm(initial={"show": show}, auto_id="reveal_%s")}
