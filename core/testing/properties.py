"""Hypothesis strategies and checks for the importers' property tests (docs/testing.md).

Each importer's test states one property: any file gives either a clean load or a list of row
errors with nothing written, never an exception. Random bytes alone would stop at the file
reader, so the strategies here build structured but wrong tables: the importer's own header
(shuffled, with a column missing or an unknown one) over rows of plausible and hostile cells
(huge numbers, unicode, blanks, dates that do not exist), written as CSV (UTF-8 or Shift_JIS)
or as an .xlsx; and now and then random bytes, an empty file or a broken workbook.
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import io
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from hypothesis import strategies as st

# Cells that have broken parsers before: numbers out of range, exponents, full-width digits,
# impossible dates, formula-like text, whitespace that NFKC folds away, astral characters.
HOSTILE_CELLS = [
    "",
    " ",
    "\u3000",
    "0",
    "-0",
    "-1",
    "1e9999",
    "-1e-9999",
    "1E+2",
    "NaN",
    "Infinity",
    "9" * 30,
    "-" + "9" * 30,
    "0." + "0" * 20 + "1",
    "1,000",
    "１２３",
    "１．５",
    "12人",
    "99999999999円",
    "2019-02-30",
    "2019/13/01",
    "0000-01-01",
    "9999-12-31T99:99",
    "令和元年4月1日",
    "令和99年2月31日",
    "平成0年1月1日",
    "yes",
    "はい",
    "=1+1",
    "@SUM(A1)",
    "𠮷野家",
    "ｶﾀｶﾅ",
    "a\nb",
    "\ufeff",
    "、、、",
    "x" * 300,
]

TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=40,
)


def cell(plausible: Sequence[str] = ()) -> st.SearchStrategy:
    """A cell's value: a plausible one for its column, a hostile one, random text, a number
    of any size, or (in an .xlsx) a date or a float."""
    choices = [
        st.sampled_from(HOSTILE_CELLS),
        TEXT,
        st.integers(min_value=-(10**30), max_value=10**30),
        st.decimals(allow_nan=True, allow_infinity=True, places=None).map(str),
        st.floats(allow_nan=True, allow_infinity=True),
        st.dates(min_value=datetime.date(1, 1, 1)),
    ]
    if plausible:
        choices = [st.sampled_from(list(plausible))] * 3 + choices
    return st.one_of(choices)


@dataclass(frozen=True)
class Upload:
    filename: str
    content: bytes
    how: str  # for the failure message: what kind of file it is

    def __repr__(self) -> str:  # hypothesis prints the falsifying example
        return f"Upload({self.filename!r}, {self.how}, {self.content[:600]!r})"


def _header(columns: Sequence[str], draw) -> list[str]:
    header = list(columns)
    change = draw(st.sampled_from(["as is", "as is", "as is", "shuffled", "drop", "add", "random"]))
    if change == "shuffled":
        header = draw(st.permutations(header))
    elif change == "drop" and header:
        header.pop(draw(st.integers(0, len(header) - 1)))
    elif change == "add":
        header.append(draw(st.sampled_from(["", "extra", "見出し", header[0] if header else "x"])))
    elif change == "random":
        header = draw(st.lists(TEXT, max_size=8))
    return header


def _csv_bytes(rows: list[list], encoding: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow(["" if value is None else str(value) for value in row])
    return out.getvalue().encode(encoding, errors="replace")


def _xlsx_bytes(rows: list[list]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for row in rows:
        values = []
        for value in row:
            if isinstance(value, str):
                value = ILLEGAL_CHARACTERS_RE.sub("", value)
            elif isinstance(value, int) and abs(value) >= 2**53:
                value = str(value)  # Excel holds doubles; a longer integer is text there
            values.append(value)
        sheet.append(values)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@st.composite
def uploads(
    draw,
    columns: Sequence[str],
    plausible: dict[str, Sequence[str]] | None = None,
    *,
    good_rows: Sequence[dict[str, str]] = (),
    max_rows: int = 5,
) -> Upload:
    """An uploaded table for an importer whose header is `columns`: mostly that header over
    rows of plausible and hostile cells, as CSV or .xlsx; sometimes random bytes, an empty file,
    a truncated workbook or a header alone. A row is one of `good_rows` (rows the importer
    takes: so that some files load and the writes are reached too), one of them with one cell
    changed, or drawn cell by cell."""
    plausible = plausible or {}
    kind = draw(st.sampled_from(["csv"] * 4 + ["xlsx"] * 3 + ["bytes", "empty", "broken xlsx"]))
    if kind == "bytes":
        return Upload(
            draw(st.sampled_from(["list.csv", "list.xlsx"])), draw(st.binary(max_size=200)), kind
        )
    if kind == "empty":
        return Upload("list.csv", draw(st.sampled_from([b"", b"\n\n", b"\xef\xbb\xbf"])), kind)
    header = _header(columns, draw)
    rows = [header]
    for _ in range(draw(st.integers(0, max_rows))):
        mode = draw(st.sampled_from(["good", "good", "one off", "one off", "drawn"]))
        if good_rows and mode != "drawn":
            good = draw(st.sampled_from(list(good_rows)))
            row = [good.get(name, "") for name in header]
            if mode == "one off" and row:
                column = draw(st.integers(0, len(row) - 1))
                row[column] = draw(cell(plausible.get(header[column], ())))
            rows.append(row)
            continue
        width = len(header) + draw(st.sampled_from([0, 0, 0, -1, 1]))
        rows.append([draw(cell(plausible.get(name, ()))) for name in (header + ["?"])[:width]])
    if kind == "xlsx":
        return Upload("list.xlsx", _xlsx_bytes(rows), kind)
    if kind == "broken xlsx":
        content = _xlsx_bytes(rows)
        return Upload("list.xlsx", content[: draw(st.integers(0, len(content) - 1))], kind)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp932"]))
    return Upload("list.csv", _csv_bytes(rows, encoding), f"csv {encoding}")


@st.composite
def mutated_csv(draw, text: str) -> bytes:
    """A package's CSV file (`text`), changed the way a person editing it goes wrong: a few
    cells replaced by plausible (the column's other values) or hostile ones, a header changed,
    a row repeated, dropped or cut short; now and then an empty file or random bytes."""
    rows = list(csv.reader(io.StringIO(text, newline="")))
    kind = draw(st.sampled_from(["cells"] * 5 + ["header", "rows", "empty", "bytes"]))
    if kind == "empty" or not rows:
        return b""
    if kind == "bytes":
        return draw(st.binary(max_size=200))
    header, body = rows[0], rows[1:]
    if kind == "header":
        header = _header(header, draw)
    elif kind == "rows" and body:
        index = draw(st.integers(0, len(body) - 1))
        change = draw(st.sampled_from(["repeat", "drop", "cut", "widen"]))
        if change == "repeat":
            body.append(list(body[index]))
        elif change == "drop":
            body.pop(index)
        elif change == "cut":
            body[index] = body[index][: draw(st.integers(0, max(len(body[index]) - 1, 0)))]
        else:
            body[index] = [*body[index], draw(TEXT)]
    else:
        if not body:
            body = [[""] * len(header)]
        for _ in range(draw(st.integers(1, 3))):
            row = body[draw(st.integers(0, len(body) - 1))]
            if not row:
                continue
            column = draw(st.integers(0, len(row) - 1))
            others = [r[column] for r in body if len(r) > column]
            value = draw(cell(others))
            row[column] = "" if value is None else str(value)
    out = io.StringIO()
    csv.writer(out).writerows([header, *body])
    return out.getvalue().encode("utf-8")


def _leaves(value, path=()):
    """Every place in a YAML document: (path, value), for mappings' values and list items."""
    yield path, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaves(item, (*path, index))


YAML_VALUES = st.one_of(
    cell(),
    st.none(),
    st.booleans(),
    st.lists(st.sampled_from(HOSTILE_CELLS), max_size=3),
    st.dictionaries(
        st.sampled_from(["x", "number", "title"]), st.sampled_from(HOSTILE_CELLS), max_size=2
    ),
)


@st.composite
def mutated_yaml(draw, text: str) -> bytes:
    """A package's YAML file (`text`), with one value replaced by another of any type or
    removed, or a key renamed; now and then text that is no YAML, an empty file or bytes."""
    import yaml

    kind = draw(st.sampled_from(["value"] * 5 + ["remove", "broken", "empty", "bytes"]))
    if kind == "empty":
        return b""
    if kind == "bytes":
        return draw(st.binary(max_size=200))
    if kind == "broken":
        return (
            text[: draw(st.integers(0, len(text)))]
            + draw(st.sampled_from(["{", ": :", "\t- [", "*a"]))
        ).encode()
    document = yaml.safe_load(text)
    places = [path for path, _value in _leaves(document) if path]
    if not places:
        return draw(YAML_VALUES.map(lambda v: yaml.safe_dump(v, allow_unicode=True).encode()))
    path = draw(st.sampled_from(places))
    parent = document
    for step in path[:-1]:
        parent = parent[step]
    if kind == "remove":
        del parent[path[-1]]
    else:
        parent[path[-1]] = draw(YAML_VALUES)
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False).encode("utf-8")


@st.composite
def mutated_folder(draw, files: dict[str, str]) -> dict[str, bytes]:
    """One file of a package folder ({relative path: text}) changed (mutated_csv or
    mutated_yaml), or removed; the result maps the changed path to its new bytes (None:
    removed)."""
    name = draw(st.sampled_from(sorted(files)))
    if draw(st.integers(0, 9)) == 0:
        return {name: None}
    strategy = mutated_yaml if name.endswith((".yaml", ".yml", ".json")) else mutated_csv
    return {name: draw(strategy(files[name]))}


PROJECT_APPS = (
    "core",
    "plans",
    "accounts",
    "stats",
    "pdca",
    "directory",
    "employment",
    "housing",
    "campaigns",
    "coordination",
)


@contextlib.contextmanager
def changed_copy(source, change: dict[str, bytes | None]):
    """A temporary copy of the folder `source` with `change` (what mutated_folder drew: a file's
    new bytes, or None to remove it) applied; yields the copy's path."""
    with tempfile.TemporaryDirectory() as folder:
        shutil.copytree(source, folder, dirs_exist_ok=True)
        for name, content in change.items():
            if content is None:
                (Path(folder) / name).unlink()
            else:
                (Path(folder) / name).write_bytes(content)
        yield folder


def row_counts(*app_labels: str) -> dict[str, int]:
    """The number of rows of every model of the given apps (every app of the project when none
    is given) and of core (the audit log): what an import that was refused must leave as it
    was."""
    counts = {}
    for label in dict.fromkeys((*(app_labels or PROJECT_APPS), "core")):
        for model in apps.get_app_config(label).get_models():
            counts[model._meta.label] = model.objects.count()
    return counts


def assert_row_errors(errors: Sequence) -> None:
    """A refusal lists its problems, each with a message (and, for a row, its row number)."""
    assert errors, "refused without saying why"
    for error in errors:
        message = getattr(error, "message", None)
        assert isinstance(message, str) and message.strip(), (
            f"an error without a message: {error!r}"
        )
        row = getattr(error, "row", None)
        assert row is None or (isinstance(row, int) and row >= 1), f"a bad row number: {error!r}"
