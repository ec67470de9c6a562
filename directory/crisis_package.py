"""The crisis-term list of a plan package (`directory/crisis_terms.csv`, one column `text`;
docs/directory-package.md): read and check it, load it, write it back.

It is a package section of its own ("crisis_terms", registered with core.package.sections): like
every part, load_plan loads it only into a local government that has no crisis term yet, so a
body whose directory is already loaded still gets the list on the next start, and the list the
secretariat edits is never overwritten by a restart. reload_plan adds the package's terms and
keeps the ones the secretariat added (a word that puts the crisis lines first is never removed
by a reload; the secretariat deletes it in the back office)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from core import audit
from core.changes import ChangeLog, Source
from core.models import LocalGovernment
from core.package.csv_files import PackageInvalid, RowError, read_csv_file
from core.package.sections import PackageSection, register
from directory import access
from directory.crisis.terms import fold
from directory.models import CrisisTerm
from directory.plan_package.contents import FOLDER

FILE = "crisis_terms.csv"
COLUMNS = ["text"]
KEPT_OWN = "not in the package: added in the back office; kept"


class CrisisTermsInvalid(PackageInvalid):
    """The file has problems; `errors` lists each with its row. Nothing was written."""


@dataclass(frozen=True)
class TermRow:
    row: int
    text: str


@dataclass
class CrisisTermsPackage:
    terms: list[TermRow]

    def summary(self) -> str:
        return f"{len(self.terms)} crisis terms"


def read_crisis_terms(path: str | Path, plan=None) -> CrisisTermsPackage | None:
    """Read and check `<package>/directory/crisis_terms.csv` (None when the package has none);
    raise CrisisTermsInvalid listing every problem, row by row."""
    file = Path(path) / FOLDER / FILE
    if not file.is_file():
        return None
    errors: list[RowError] = []

    def error(name, row, column, message):
        errors.append(RowError(f"{FOLDER}/{name}", row, column, message))

    limit = CrisisTerm._meta.get_field("text").max_length
    terms: list[TermRow] = []
    seen: dict[str, int] = {}
    for number, cells in read_csv_file(file, FILE, COLUMNS, error):
        text = cells["text"]
        if not text:
            error(FILE, number, "text", _("必須項目です。"))
            continue
        if len(text) > limit:
            error(
                FILE,
                number,
                "text",
                _("%(limit)s文字以内にしてください（いま%(length)s文字）。")
                % {"limit": limit, "length": len(text)},
            )
            continue
        folded = fold(text)
        if not folded.spelling:
            error(FILE, number, "text", _("文字がありません（記号や空白だけでは探せません）。"))
            continue
        same = seen.get(folded.spelling) or seen.get(folded.reading)
        if same:
            error(FILE, number, "text", _("%(row)s行目と同じ言葉です。") % {"row": same})
            continue
        seen.setdefault(folded.spelling, number)
        seen.setdefault(folded.reading, number)
        terms.append(TermRow(number, text))
    if errors:
        raise CrisisTermsInvalid(errors)
    return CrisisTermsPackage(terms=terms)


def _present(local_government: LocalGovernment) -> bool:
    return CrisisTerm.objects.filter(local_government=local_government).exists()


@transaction.atomic
def crisis_terms_load_package(
    *, local_government: LocalGovernment, package: CrisisTermsPackage, actor=None
) -> ChangeLog:
    """Add the package's terms the body does not have (matched by their folded spelling), in
    the package's order; keep the others."""
    if actor is not None and not access.is_secretariat(actor, local_government):
        raise PermissionDenied
    result = ChangeLog()
    existing = {
        fold(term.text).spelling: term
        for term in CrisisTerm.objects.filter(local_government=local_government)
    }
    wanted = set()
    for position, row in enumerate(package.terms, start=1):
        spelling = fold(row.text).spelling
        wanted.add(spelling)
        source = Source(f"{FOLDER}/{FILE}", "crisis term", row.row, row.text)
        term = existing.get(spelling)
        if term is None:
            term = CrisisTerm(local_government=local_government)
            result.save(term, {"text": row.text, "position": position}, source)
        else:
            result.save(term, {"position": position}, source)
    for spelling, term in existing.items():
        if spelling not in wanted:
            result.keep(Source(f"{FOLDER}/{FILE}", "crisis term", label=term.text), KEPT_OWN)
    if result.changed:
        local_government.bump_content_revision()
        audit.record(
            actor=actor,
            action="directory.crisis_terms_load_package",
            local_government=local_government,
            object_type="directory.crisisterm",
            object_label=_("いのち・安全の危機を示す言葉（計画パッケージ）"),
            changes={"terms": len(package.terms), "created": result.counts["created"]},
        )
    return result


def crisis_term_texts(local_government: LocalGovernment):
    """The body's crisis terms in their order (the rows of crisis_terms.csv)."""
    return (
        CrisisTerm.objects.filter(local_government=local_government)
        .order_by("position", "pk")
        .values_list("text", flat=True)
    )


def write_crisis_terms_csv(local_government: LocalGovernment) -> str:
    """The body's list as the text of crisis_terms.csv (header `text`, one term a row)."""
    texts = crisis_term_texts(local_government)
    handle = io.StringIO()
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows([text] for text in texts)
    return handle.getvalue()


def write_crisis_terms(local_government: LocalGovernment, root: str | Path) -> int:
    """Write the body's list as `<root>/directory/crisis_terms.csv`; return how many terms."""
    folder = Path(root) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    text = write_crisis_terms_csv(local_government)
    (folder / FILE).write_text(text, encoding="utf-8")
    return text.count("\n") - 1


register(
    PackageSection(
        name="crisis_terms",
        order=21,  # after the directory
        read=read_crisis_terms,
        invalid=CrisisTermsInvalid,
        summary=lambda package: f"crisis terms: {package.summary()}",
        present=_present,
        load=crisis_terms_load_package,
        report=lambda package, result: (
            f"crisis terms: {package.summary()} (created {result.counts['created']}, "
            f"kept {result.counts['kept']})"
        ),
    )
)
