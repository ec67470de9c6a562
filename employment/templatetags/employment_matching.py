"""{% matching_seekers posting %}: how many active job seekers a posting fits, for its
employer and the secretariat (never below 5, never who they are)."""

from django import template

from employment.seekers.matching import SMALL_CELL, matching_seekers_count

register = template.Library()


@register.inclusion_tag("employment/matching/_seeker_count.html")
def matching_seekers(posting):
    return {"count": matching_seekers_count(posting), "small_cell": SMALL_CELL}
