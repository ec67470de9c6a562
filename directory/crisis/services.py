"""Writes of the crisis-term list (directory.models.CrisisTerm): the secretariat adds, edits
and deletes the words that put the crisis lines first. Each write runs in one transaction,
checks who may do it, validates, records one audit entry and bumps the local government's
content revision (the folded list and the public pages are cached by it)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from core import audit
from core.models import LocalGovernment
from directory import access
from directory.crisis.terms import fold
from directory.models import CrisisTerm


def _check(actor, local_government: LocalGovernment) -> None:
    if actor is not None and not access.is_secretariat(actor, local_government):
        raise PermissionDenied


def clean_term_text(local_government: LocalGovernment, text: str, *, exclude=None) -> str:
    """The text as stored (trimmed, otherwise as typed); raise ValidationError when it is empty,
    has no letter, or folds to a term the list already has (シニタイ when 死にたい is there)."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("言葉を入れてください。")})
    folded = fold(text)
    if not folded.spelling:
        raise ValidationError({"text": _("文字を入れてください（記号や空白だけでは探せません）。")})
    others = CrisisTerm.objects.filter(local_government=local_government)
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    for other in others:
        other_folded = fold(other.text)
        if folded.spelling == other_folded.spelling or folded.reading == other_folded.reading:
            raise ValidationError(
                {"text": _("「%(text)s」と同じ言葉がもうあります。") % {"text": other.text}}
            )
    return text


@transaction.atomic
def crisis_term_create(*, actor, local_government: LocalGovernment, text: str) -> CrisisTerm:
    _check(actor, local_government)
    text = clean_term_text(local_government, text)
    last = CrisisTerm.objects.filter(local_government=local_government).aggregate(
        last=Max("position")
    )["last"]
    term = CrisisTerm(local_government=local_government, text=text, position=(last or 0) + 1)
    term.full_clean()
    term.save()
    local_government.bump_content_revision()
    audit.record(
        actor=actor,
        action="directory.crisis_term_create",
        local_government=local_government,
        obj=term,
        changes={"text": text},
    )
    return term


@transaction.atomic
def crisis_term_update(*, actor, term: CrisisTerm, text: str) -> CrisisTerm:
    local_government = term.local_government
    _check(actor, local_government)
    text = clean_term_text(local_government, text, exclude=term)
    before = term.text
    if text == before:
        return term
    term.text = text
    term.full_clean()
    term.save()
    local_government.bump_content_revision()
    audit.record(
        actor=actor,
        action="directory.crisis_term_update",
        local_government=local_government,
        obj=term,
        changes={"text": [before, text]},
    )
    return term


@transaction.atomic
def crisis_term_delete(*, actor, term: CrisisTerm) -> None:
    local_government = term.local_government
    _check(actor, local_government)
    label, pk = term.text, term.pk
    term.delete()
    local_government.bump_content_revision()
    audit.record(
        actor=actor,
        action="directory.crisis_term_delete",
        local_government=local_government,
        object_type="directory.crisisterm",
        object_id=str(pk),
        object_label=label,
        changes={"text": label},
    )
