"""The measure list item of the public plan pages, rendered in Python.

A department page lists ~30 measures and a pillar page ~13 with their full text; as an
`{% include %}` per measure the template engine spent most of a cold render on them (a
variable lookup, a `{% url %}`, a `{% blocktranslate %}` and a loop of departments each;
docs/benchmarks.md, issue 17). The same markup built with `format_html` costs a fraction.
The text is escaped exactly as the template escaped it."""

from django import template
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core.templatetags.tsunagu import paragraphs

register = template.Library()


class _MeasureUrls:
    """`plans:measure_detail` for one local government, reversed once a page: the route is
    `…/<pk>/`, so the pk is put in place of a marker."""

    MARKER = 999999999

    def __init__(self, slug: str):
        self.head, self.tail = reverse("plans:measure_detail", args=[slug, self.MARKER]).split(
            str(self.MARKER)
        )

    def __call__(self, pk: int) -> str:
        return f"{self.head}{pk}{self.tail}"


@register.simple_tag(takes_context=True)
def measure_item(context, measure, show_body=False, show_path=False):
    """One `<li class="measure-item">` of a measure list: its number (with 第n節（area） when
    `show_path`), title and link, the 再掲 badge, its text (when `show_body`) and its
    departments (prefetched: `plans.selectors.measures_with_departments`)."""
    cache = context.render_context.setdefault("plan_items", {})
    local_government = context["local_government"]
    urls = cache.get(local_government.slug)
    if urls is None:
        urls = cache[local_government.slug] = _MeasureUrls(local_government.slug)
    number = measure.circled_number
    if show_path:
        area = measure.area
        number = (
            _("第%(pillar)s節（%(area)s）") % {"pillar": area.pillar.number, "area": area.number}
            + number
        )
    departments = "、".join(
        conditional_escape(assignment.department.full_name)
        for assignment in measure.assignments.all()
    )
    return format_html(
        '<li class="measure-item" id="measure-{}">\n'
        '  <a class="measure-link" href="{}">\n'
        '    <span class="measure-number">{}</span>\n'
        '    <span class="measure-title">{}</span>\n'
        "  </a>\n"
        "  {}\n"
        "  {}\n"
        '  <p class="measure-departments"><span class="label">{}：</span>{}</p>\n'
        "</li>\n",
        measure.pk,
        urls(measure.pk),
        number,
        measure.title,
        format_html('<span class="badge">{}</span>', _("再掲")) if measure.repeats_id else "",
        format_html('<div class="measure-summary">{}</div>', paragraphs(measure.body))
        if show_body
        else "",
        _("担当課"),
        mark_safe(departments),  # each name escaped above
    )
