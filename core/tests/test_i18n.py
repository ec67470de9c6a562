"""Every user-facing string is translatable: Japanese text in templates sits inside
{% translate %} / {% blocktranslate %}, and in Python inside gettext calls. Data (search
terms, era names) is marked with an `i18n-data` comment on its line, or a whole data module
with `# i18n-data-file`."""

import ast
import re
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
# Every app of the project (a folder with an apps.py), and config: a new app is checked too.
APPS = ["config", *sorted(path.parent.name for path in BASE_DIR.glob("*/apps.py"))]
# Kana and kanji; the middle dot ・ (U+30FB) is punctuation.
JAPANESE = re.compile(r"[\u3040-\u30fa\u30fc-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")
GETTEXT_NAMES = {
    "_",
    "gettext",
    "gettext_lazy",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "npgettext",
}

TEMPLATE_STRIP = [
    re.compile(r"{#.*?#}", re.S),
    re.compile(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", re.S),
    re.compile(r"{%\s*blocktrans(?:late)?\b.*?{%\s*endblocktrans(?:late)?\s*%}", re.S),
    re.compile(r"{%\s*trans(?:late)?\s.*?%}", re.S),
    re.compile(r"{{.*?}}", re.S),
    re.compile(r"{%.*?%}", re.S),
]


def template_files():
    return sorted((BASE_DIR / "templates").rglob("*.html")) + sorted(
        path for app in APPS for path in (BASE_DIR / app).rglob("templates/**/*.html")
    )


def test_templates_have_no_untranslated_japanese():
    offenders = []
    for path in template_files():
        text = path.read_text(encoding="utf-8")
        for pattern in TEMPLATE_STRIP:
            text = pattern.sub("", text)
        for line in text.splitlines():
            if JAPANESE.search(line):
                offenders.append(f"{path.relative_to(BASE_DIR)}: {line.strip()}")
    assert not offenders, "Japanese outside {% translate %}:\n" + "\n".join(offenders)


def python_files():
    for app in APPS:
        for path in sorted((BASE_DIR / app).rglob("*.py")):
            parts = set(path.relative_to(BASE_DIR).parts)
            if parts & {"tests", "migrations", "testing"}:
                continue
            yield path


def _is_gettext_call(node) -> bool:
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    name = (
        func.id
        if isinstance(func, ast.Name)
        else func.attr
        if isinstance(func, ast.Attribute)
        else None
    )
    return name in GETTEXT_NAMES


def test_python_has_no_untranslated_japanese():
    offenders = []
    for path in python_files():
        source = path.read_text(encoding="utf-8")
        if "# i18n-data-file" in source:
            continue  # a module that holds only data (e.g. fictional demo names)
        lines = source.splitlines()
        tree = ast.parse(source)
        parents = {}
        for parent in ast.walk(tree):
            for child in ast.iter_child_nodes(parent):
                parents[child] = parent
        for node in ast.walk(tree):
            if not (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and JAPANESE.search(node.value)
            ):
                continue
            parent = parents.get(node)
            if isinstance(parent, ast.Expr):  # a docstring
                continue
            if _is_gettext_call(parent):
                continue
            if isinstance(parent, ast.BinOp) and _is_gettext_call(parents.get(parent)):
                continue  # implicit concatenation inside gettext
            if (
                "i18n-data" in lines[node.lineno - 1]
                or "i18n-data" in lines[(node.end_lineno or node.lineno) - 1]
            ):
                continue
            offenders.append(f"{path.relative_to(BASE_DIR)}:{node.lineno}: {node.value[:40]!r}")
    assert not offenders, (
        "Japanese outside gettext (wrap it, or mark data with # i18n-data):\n"
        + "\n".join(offenders)
    )
