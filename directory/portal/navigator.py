"""The needs navigator: a GET form (who you are, your situation, what you need, your ward)
whose answers only select what to show. Nothing is stored: no session, no log, and no
cookie but the display preference (directory.display); the result page's own URL is the
link to share or come back to."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from core.models import LocalGovernment
from directory import selectors
from directory.models import Taxonomy, TaxonomyTerm
from directory.portal.plain import ruby_html

FIELDS = ("audience", "situation", "needs", "ward")


def is_submitted(data) -> bool:
    """Whether the query string carries an answer (else the empty form is shown)."""
    return any(name in data for name in FIELDS)


@dataclass
class Answers:
    needs: list[TaxonomyTerm]
    audience: TaxonomyTerm | None
    situation: TaxonomyTerm | None
    ward: str


class NavigatorForm(forms.Form):
    audience = forms.ChoiceField(
        label=_("あなたは どなたですか"), required=False, widget=forms.RadioSelect
    )
    situation = forms.ChoiceField(
        label=_("いまの ようすに ちかいものは どれですか"), required=False, widget=forms.RadioSelect
    )
    needs = forms.MultipleChoiceField(
        label=_("こまっている ことを えらんでください（いくつでも）"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    ward = forms.ChoiceField(label=_("近くの 区（えらばなくても よい）"), required=False)

    def __init__(self, data=None, *, local_government: LocalGovernment, plain: bool = False):
        super().__init__(data)
        self.terms = {
            kind: {term.code: term for term in selectors.terms(local_government, kind)}
            for kind in Taxonomy.Kind.values
        }

        def label(term):
            if plain:
                return term.plain_name or ruby_html(term.name)
            return term.name

        def choices(kind):
            return [(code, label(term)) for code, term in self.terms[kind].items()]

        unanswered = ("", _("えらばない"))
        self.fields["audience"].choices = [unanswered, *choices(Taxonomy.Kind.AUDIENCE)]
        self.fields["situation"].choices = [unanswered, *choices(Taxonomy.Kind.SITUATION)]
        self.fields["needs"].choices = choices(Taxonomy.Kind.NEED)
        self.wards = selectors.wards(local_government)
        self.fields["ward"].choices = [("", _("すべての区")), *((w, w) for w in self.wards)]

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("needs"):
            self.add_error("needs", _("こまっている ことを 1つ 以上 えらんでください。"))
        return cleaned

    @property
    def answers(self) -> Answers:
        """The chosen terms (call after is_valid())."""
        data = self.cleaned_data
        audiences = self.terms[Taxonomy.Kind.AUDIENCE]
        situations = self.terms[Taxonomy.Kind.SITUATION]
        needs = self.terms[Taxonomy.Kind.NEED]
        chosen = set(data["needs"])
        return Answers(
            needs=[term for code, term in needs.items() if code in chosen],
            audience=audiences.get(data["audience"]),
            situation=situations.get(data["situation"]),
            ward=data["ward"],
        )
