"""Unmasking a job seeker's legal status and offences, for one response, with a reason.

Pages show these 要配慮個人情報 masked by default (「前歴あり（表示するには理由を入力）」,
「登録あり（…）」): the seeker's page, its edit form and the list. To see them a supporter
posts a reason (RevealForm); `seeker_reveal` writes the sensitive read with the reason and the
address (core.audit.sensitive_read), and the page is rendered once with the values shown. The
response is that page itself, never a redirect or a flag in the session, so reloading or coming
back shows the masked page again (no lingering unmask). Who may reveal is who may open the
seeker (its supporting organization): another organization gets 404 as for the page."""

from __future__ import annotations

from django import forms
from django.db import transaction
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _

from core import audit
from core.access import roles_required
from employment.seekers import services as seekers
from employment.seekers.forms import SeekerForm
from employment.seekers.views import SUPPORTERS, _seeker_for

# The same kind as every other read of a seeker's offences (services.SENSITIVE_KIND).
KIND = "criminal_history"
PURPOSES = ("detail", "edit")
REASON_MAX = 200
REASON_MIN = 2


class RevealForm(forms.Form):
    """The reason for showing the masked values, and where to show them."""

    reason = forms.CharField(
        label=_("表示する理由"),
        max_length=REASON_MAX,
        help_text=_("例: 求人の受け入れ条件を本人と確認するため。理由は監査ログに記録されます。"),
        error_messages={
            "required": _("表示する理由を入力してください。"),
            "max_length": _("理由は%(limit_value)d文字以内で入力してください。"),
        },
    )
    show = forms.ChoiceField(
        choices=[(purpose, purpose) for purpose in PURPOSES],
        widget=forms.HiddenInput,
        error_messages={
            "required": _("表示する画面が分かりません。もう一度やり直してください。"),
            "invalid_choice": _("表示する画面が分かりません。もう一度やり直してください。"),
        },
    )

    def clean_reason(self):
        reason = " ".join(self.cleaned_data["reason"].split())
        if len(reason) < REASON_MIN:
            raise forms.ValidationError(
                _("理由を具体的に入力してください（%(min)d文字以上）。") % {"min": REASON_MIN}
            )
        return reason


@transaction.atomic
def seeker_reveal(*, actor, seeker, purpose: str, reason: str, request=None):
    """Record that `actor` unmasks the seeker's legal status and offences, and why."""
    seekers._check_visible(actor, seeker)
    return audit.sensitive_read(
        actor=actor,
        obj=seeker,
        local_government=seeker.local_government,
        kind=KIND,
        fields=seekers.SENSITIVE_FIELDS,
        purpose=purpose,
        reason=reason,
        request=request,
    )


def _revealed_page(request, seeker, purpose: str):
    if purpose == "edit":
        form = SeekerForm(initial=SeekerForm.initial_for(seeker))
        return render(
            request,
            "employment/matching/seeker_form.html",
            {"form": form, "seeker": seeker, "revealed": True},
        )
    seeker_hires = seeker.hires.select_related("employer", "posting").prefetch_related(
        "retention_checks"
    )
    return render(
        request,
        "employment/matching/seeker_detail.html",
        {
            "seeker": seeker,
            "industries": seekers.industry_labels(seeker),
            "employment_types": seekers.employment_type_labels(seeker),
            "offences": seekers.offence_labels(seeker),
            "hires": seeker_hires,
            "revealed": True,
        },
    )


@roles_required(*SUPPORTERS)
def reveal(request, pk: int):
    """GET: the reason form. POST: with a reason, the page asked for with the values shown."""
    seeker = _seeker_for(request, pk)
    show = request.GET.get("show")
    form = RevealForm(
        request.POST or None, initial={"show": show if show in PURPOSES else "detail"}
    )
    if request.method == "POST" and form.is_valid():
        purpose = form.cleaned_data["show"]
        seeker_reveal(
            actor=request.user,
            seeker=seeker,
            purpose=purpose,
            reason=form.cleaned_data["reason"],
            request=request,
        )
        response = _revealed_page(request, seeker, purpose)
    else:
        response = render(
            request,
            "employment/matching/reveal.html",
            {"form": form, "seeker": seeker},
            status=400 if form.errors else 200,
        )
    patch_cache_control(response, no_store=True, private=True)
    return response
