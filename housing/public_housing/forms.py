"""Forms of the 市営住宅 rounds and rules (the rules that need the database are in the
services)."""

from __future__ import annotations

from django import forms

from housing.models import PublicHousingRound, PublicHousingRule

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RoundForm(forms.ModelForm):
    url = forms.URLField(
        label=PublicHousingRound._meta.get_field("url").verbose_name,
        required=False,
        assume_scheme="https",
        max_length=200,
    )

    class Meta:
        model = PublicHousingRound
        fields = [
            "kind",
            "title",
            "application_from",
            "application_until",
            "units",
            "description",
            "contact",
            "url",
        ]
        widgets = {
            "application_from": DATE,
            "application_until": DATE,
            "description": forms.Textarea(attrs={"rows": 5}),
        }

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class RuleForm(forms.ModelForm):
    class Meta:
        model = PublicHousingRule
        fields = ["title", "body", "source_note"]
        widgets = {"body": forms.Textarea(attrs={"rows": 6})}

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}
