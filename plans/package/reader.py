"""Reading a plan package's files: YAML that keeps the line of every key, and the reader that
gathers every problem with its file, line and field.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from django.utils.translation import gettext as _

from core.package.csv_files import read_csv_file
from core.uploads import PackageYamlLoader, TableUnreadable, read_text_path
from plans.package.content import PackageError

# --- YAML with line numbers ----------------------------------------------------------------


class _LineDict(dict):
    """A mapping that remembers the line of each key (1-based)."""

    lines: dict[str, int]
    line: int


class _LineLoader(PackageYamlLoader):
    """PackageYamlLoader (no aliases) that keeps the line of every mapping and key."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> _LineDict:
    loader.flatten_mapping(node)
    result = _LineDict()
    result.lines = {}
    result.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        result[key] = loader.construct_object(value_node, deep=True)
        result.lines[key] = key_node.start_mark.line + 1
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _line(mapping: Any, key: str | None = None) -> int | None:
    if isinstance(mapping, _LineDict):
        if key is not None and key in mapping.lines:
            return mapping.lines[key]
        return mapping.line
    return None


# --- the reader ---------------------------------------------------------------------------------


class _Reader:
    def __init__(self, root: Path):
        self.root = root
        self.errors: list[PackageError] = []

    def error(self, file: str, line: int | None, field_name: str, message: str) -> None:
        self.errors.append(PackageError(file, line, field_name, message))

    # files

    def yaml_file(self, name: str) -> Any:
        """The document of a YAML file, or None after reporting why there is none (a missing,
        unreadable or empty file: an empty pillar or indicators file must not load as "no
        pillar", "no indicator" and delete what is stored)."""
        path = self.root / name
        if not path.is_file():
            self.error(name, None, "", _("ファイルがありません。"))
            return None
        try:
            document = yaml.load(read_text_path(path), Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
            if document is None:
                self.error(name, None, "", _("ファイルが空です。"))
            return document
        except TableUnreadable as unreadable:
            self.error(name, None, "", unreadable.message)
        except UnicodeDecodeError:
            self.error(name, None, "", _("UTF-8 で保存してください。"))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            self.error(
                name,
                mark.line + 1 if mark else None,
                "",
                _("YAML として読めません: %(problem)s") % {"problem": getattr(exc, "problem", exc)},
            )
        return None

    def csv_file(self, name: str, columns: list[str]) -> list[tuple[int, dict[str, str]]]:
        return read_csv_file(self.root / name, name, columns, self.error)

    def named_csv_rows(self, name: str, columns: list[str]) -> list[tuple[int, dict[str, str]]]:
        """The rows of a CSV file whose `name` column is filled in and unique; the others are
        reported and left out."""
        rows = []
        seen: dict[str, int] = {}
        for line, row in self.csv_file(name, columns):
            if not row["name"]:
                self.error(name, line, "name", _("必須項目です。"))
            elif row["name"] in seen:
                self.error(
                    name,
                    line,
                    "name",
                    _("%(name)s は%(line)s行目と重複しています。")
                    % {"name": row["name"], "line": seen[row["name"]]},
                )
            else:
                seen[row["name"]] = line
                rows.append((line, row))
        return rows

    # typed fields

    def text(
        self, mapping: Any, key: str, file: str, *, required: bool = True, label: str | None = None
    ) -> str:
        value = mapping.get(key) if isinstance(mapping, dict) else None
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.error(file, _line(mapping, key), label or key, _("必須項目です。"))
            return ""
        if not isinstance(value, str | int | float):
            self.error(file, _line(mapping, key), label or key, _("文字列にしてください。"))
            return ""
        return str(value).strip()

    def integer(
        self, value: Any, file: str, line: int | None, field_name: str, *, required: bool = True
    ) -> int | None:
        if value is None or value == "":
            if required:
                self.error(file, line, field_name, _("必須項目です。"))
            return None
        if isinstance(value, bool):
            self.error(
                file, line, field_name, _("整数にしてください（%(value)s）。") % {"value": value}
            )
            return None
        try:
            return int(str(value).strip())
        except ValueError:
            self.error(
                file, line, field_name, _("整数にしてください（%(value)s）。") % {"value": value}
            )
            return None

    def decimal(self, value: Any, file: str, line: int | None, field_name: str) -> Decimal | None:
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            self.error(
                file, line, field_name, _("数値にしてください（%(value)s）。") % {"value": value}
            )
            return None
        try:
            number = Decimal(str(value).replace(",", "").strip())
        except InvalidOperation:
            self.error(
                file, line, field_name, _("数値にしてください（%(value)s）。") % {"value": value}
            )
            return None
        if not number.is_finite():
            self.error(
                file, line, field_name, _("数値にしてください（%(value)s）。") % {"value": value}
            )
            return None
        return number

    def choice(
        self, value: str, allowed: set[str], file: str, line: int | None, field_name: str
    ) -> str:
        if value not in allowed:
            self.error(
                file,
                line,
                field_name,
                _("%(value)s は使えません。%(allowed)s のいずれかにしてください。")
                % {"value": value or _("（空）"), "allowed": ", ".join(sorted(allowed))},
            )
        return value
