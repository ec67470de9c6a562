"""From a person's record to the filters of the home search (docs/support-coordination/housing.md).

The one place that says which 住宅確保要配慮者 (housing.models.Acceptance) a person's record
stands for. Only what the user may see is read (coordination.services.case_read, logged):

- 基本: the ward → the home's ward;
- 健康・障がい: the characteristics → `CHARACTERISTIC_ACCEPTANCES`; 障がい does not say which
  disability, so the user chooses the kind (`DISABILITY_ACCEPTANCES`);
- 法的地位・犯歴: a legal status under supervision → 保護観察対象者等 (`LEGAL_STATUS_ACCEPTANCES`);
- 支援計画: the latest needs assessment's 住居 note, when it names a rent (「家賃の上限 4万円」,
  「家賃は35,000円まで」) → the ceiling of rent + common fee (`rent_ceiling`).

Everything pre-filled is a starting point: the user changes the filters freely."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from coordination.models import Case, Characteristic, FieldGroup, LegalStatus, Need, NeedArea
from coordination.services import case_read
from core.fields.choice_masks import from_mask
from housing.models import Acceptance

CHARACTERISTIC_ACCEPTANCES: dict[str, tuple[str, ...]] = {
    Characteristic.ELDERLY: (Acceptance.ELDERLY,),
    Characteristic.FOREIGN: (Acceptance.FOREIGN,),
    # 障がい: the kind is not on the record; the user picks one of DISABILITY_ACCEPTANCES.
    # 依存症, 若年, その他: no attribute of the national list matches them.
}
DISABILITY_ACCEPTANCES: tuple[str, ...] = (
    Acceptance.PHYSICAL_DISABILITY,
    Acceptance.INTELLECTUAL_DISABILITY,
    Acceptance.MENTAL_DISABILITY,
    Acceptance.OTHER_DISABILITY,
)
# Under the supervision of a probation office: 保護観察中, 仮釈放中 (保護観察), a juvenile on
# probation or out of a training school. 満期釈放, 執行猶予 (without supervision) and 起訴猶予
# are not 保護観察 — the user may still tick 保護観察対象者等 (a landlord's "等" is wider).
LEGAL_STATUS_ACCEPTANCES: dict[str, tuple[str, ...]] = {
    LegalStatus.PROBATION: (Acceptance.PROBATION,),
    LegalStatus.PAROLE: (Acceptance.PROBATION,),
    LegalStatus.JUVENILE: (Acceptance.PROBATION,),
}
# A rent named in a note: 「家賃」, up to 12 other characters, then an amount (円 or 万円).
RENT_WORD, TEN_THOUSAND = "家賃", "万"  # i18n-data (words searched for in a note)
RENT = re.compile(
    RENT_WORD
    + r"[^0-9\n]{0,12}?([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+(?:\.[0-9]+)?)\s*("
    + TEN_THOUSAND
    + ")?"
)
RENT_RANGE = (5_000, 500_000)  # a figure outside is not a monthly rent: ignored


@dataclass
class Prefill:
    """The search's first filters, from the record, and what they came from (shown)."""

    ward: str = ""
    accepts: list[str] = field(default_factory=list)
    ask_disability: bool = False
    max_rent: int | None = None
    sources: list[str] = field(default_factory=list)  # labels of what was used

    def initial(self) -> dict:
        return {
            "ward": self.ward,
            "accepts": self.accepts,
            "max_rent": self.max_rent,
            "vacant_only": True,
        }


def rent_ceiling(note: str) -> int | None:
    """The monthly rent a needs note names (「家賃の上限 4万円」 → 40000), or None."""
    text = unicodedata.normalize("NFKC", note or "")
    match = RENT.search(text)
    if not match:
        return None
    amount = float(match.group(1).replace(",", ""))
    if match.group(2):
        amount *= 10_000
    amount = int(amount)
    return amount if RENT_RANGE[0] <= amount <= RENT_RANGE[1] else None


def acceptances_of(characteristics: int, legal_status: str) -> tuple[list[str], bool]:
    """(the Acceptance values the record stands for, whether a disability kind is to ask)."""
    accepts: list[str] = []
    for value in from_mask(Characteristic, characteristics or 0):
        accepts += CHARACTERISTIC_ACCEPTANCES.get(value, ())
    accepts += LEGAL_STATUS_ACCEPTANCES.get(legal_status or "", ())
    ask = Characteristic.DISABILITY in from_mask(Characteristic, characteristics or 0)
    return list(dict.fromkeys(accepts)), ask


def housing_note(case: Case) -> str:
    """The 住居 note of the case's latest needs assessment ("" when none)."""
    need = (
        Need.objects.filter(assessment__case=case, area=NeedArea.HOUSING)
        .order_by("-assessment__assessed_on", "-assessment__id")
        .first()
    )
    return need.note if need else ""


def prefill(request, view) -> Prefill:
    """The first filters for the case `view` (a coordination.web.CaseView the user opened with
    the basic group), reading the groups it also sees (logged once, purpose housing_search)."""
    case = view.case
    result = Prefill(ward=case.person.ward)
    if result.ward:
        result.sources.append(str(FieldGroup.BASIC.label))
    wanted = [g for g in (FieldGroup.LEGAL, FieldGroup.HEALTH, FieldGroup.PLAN) if view.sees(g)]
    if not wanted:
        return result
    values = case_read(
        actor=request.user, case=case, groups=wanted, purpose="housing_search", request=request
    )
    characteristics = values.get(FieldGroup.HEALTH, {}).get("characteristics", 0)
    legal_status = values.get(FieldGroup.LEGAL, {}).get("legal_status", "")
    result.accepts, result.ask_disability = acceptances_of(characteristics, legal_status)
    if FieldGroup.HEALTH in values and characteristics:
        result.sources.append(str(FieldGroup.HEALTH.label))
    if FieldGroup.LEGAL in values and legal_status in LEGAL_STATUS_ACCEPTANCES:
        result.sources.append(str(FieldGroup.LEGAL.label))
    if FieldGroup.PLAN in wanted:
        result.max_rent = rent_ceiling(housing_note(case))
        if result.max_rent is not None:
            result.sources.append(str(FieldGroup.PLAN.label))
    return result
