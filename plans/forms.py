from django import forms
from django.utils.translation import gettext_lazy as _

from plans.models import Area, Department, Measure

DEPARTMENT_SLOTS = 6


class MeasureForm(forms.Form):
    """A measure's headings, text, departments (in order) and the measure it repeats."""

    area = forms.ModelChoiceField(label=_("取組分野"), queryset=Area.objects.none())
    headings = forms.CharField(
        label=_("見出し〔　〕"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("1行に1つ。見出しのない取組は空欄のままにします。"),
        max_length=1000,
    )
    body = forms.CharField(
        label=_("取組内容"), widget=forms.Textarea(attrs={"rows": 8}), max_length=10000
    )
    repeats = forms.ModelChoiceField(
        label=_("再掲元の取組"),
        queryset=Measure.objects.none(),
        required=False,
        help_text=_("この取組が他の節の取組の再掲であるときに選びます。"),
    )

    def __init__(self, *args, plan, local_government, editing: Measure | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = (
            Area.objects.filter(pillar__plan=plan)
            .select_related("pillar")
            .order_by("pillar__number", "number")
        )
        self.fields["area"].label_from_instance = lambda area: f"{area.pillar} {area}"
        repeat_choices = Measure.objects.filter(area__pillar__plan=plan).select_related(
            "area__pillar"
        )
        if editing is not None:
            repeat_choices = repeat_choices.exclude(pk=editing.pk)
            del self.fields["area"]
        self.fields["repeats"].queryset = repeat_choices.order_by(
            "area__pillar__number", "area__number", "number"
        )
        self.fields["repeats"].label_from_instance = lambda m: (
            f"{m.area.pillar.number}-{m.area.number}-{m.number} {m.title}"
        )
        # One query for all six department choosers (a ModelChoiceField per slot would query
        # the same list six times).
        self._departments = {
            d.pk: d
            for d in Department.objects.filter(local_government=local_government)
            .select_related("parent")
            .order_by("position", "id")
        }
        choices = [("", _("（なし）"))] + [(pk, d.full_name) for pk, d in self._departments.items()]
        for slot in range(1, DEPARTMENT_SLOTS + 1):
            self.fields[f"department_{slot}"] = forms.TypedChoiceField(
                label=_("担当課（%(n)s番目）") % {"n": slot},
                choices=choices,
                coerce=int,
                empty_value=None,
                required=slot == 1,
            )

    def department_fields(self):
        return [self[f"department_{slot}"] for slot in range(1, DEPARTMENT_SLOTS + 1)]

    def other_fields(self):
        return [field for field in self if not field.name.startswith("department_")]

    def clean(self):
        cleaned = super().clean()
        chosen = [
            self._departments.get(cleaned.get(f"department_{slot}"))
            for slot in range(1, DEPARTMENT_SLOTS + 1)
        ]
        seen = set()
        for slot, department in enumerate(chosen, start=1):
            if department is None:
                continue
            if department.pk in seen:
                self.add_error(f"department_{slot}", _("同じ担当課が2回選ばれています。"))
            seen.add(department.pk)
        cleaned["departments"] = [d for d in chosen if d is not None]
        cleaned["heading_list"] = [
            line.strip() for line in cleaned.get("headings", "").splitlines() if line.strip()
        ]
        return cleaned

    @classmethod
    def initial_for(cls, measure: Measure) -> dict:
        initial = {
            "headings": "\n".join(measure.headings),
            "body": measure.body,
            "repeats": measure.repeats_id,
        }
        for slot, assignment in enumerate(measure.assignments.order_by("position"), start=1):
            if slot <= DEPARTMENT_SLOTS:
                initial[f"department_{slot}"] = assignment.department_id
        return initial
