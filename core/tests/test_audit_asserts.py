"""Tests of audited services check the entry they expect (actor, object, changes) through
`core.testing.audit.assert_audited`, not only that an entry exists. This guard reads every test
file and fails on a bare positive existence check on `AuditEntry`: `….exists()`, `….count()`
compared with a positive number, `len(…)` or the truth of a queryset, inside an `assert`.

Checks that something was NOT written stay allowed: `assert not ….exists()`, `….count() == 0`,
and a count compared with a count taken before (`== before`, "nothing new"). A positive check
whose point truly is the number of entries goes into ALLOWED with its reason."""

from __future__ import annotations

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)

# (path relative to the repository, the line's stripped source) -> why a positive existence
# check is the point there. Keep it short; prefer assert_audited.
ALLOWED: dict[tuple[str, str], str] = {}


def _test_files() -> list[Path]:
    files = []
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if parts[0].startswith(".") or parts[0] in {"node_modules", "var", "bench"}:
            continue
        if "tests" in parts or path.name.startswith("test_") or path.parent.name == "testing":
            files.append(path)
    return files


def _rooted_at_audit_entry(node: ast.AST, querysets: set[str]) -> bool:
    """True when `node` is a chain of attributes and calls that starts at `AuditEntry` (or at
    a name bound to such a chain), or wraps one, as `audit.sensitive_reads(AuditEntry…)`."""
    while True:
        if isinstance(node, ast.Call):
            if any(_rooted_at_audit_entry(arg, querysets) for arg in node.args):
                return True
            node = node.func
        elif isinstance(node, ast.Attribute):
            node = node.value
        elif isinstance(node, ast.Subscript):
            node = node.value
        elif isinstance(node, ast.Name):
            return node.id == "AuditEntry" or node.id in querysets
        else:
            return False


def _method_call(node: ast.AST, name: str, querysets: set[str]) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == name
        and _rooted_at_audit_entry(node.func.value, querysets)
    )


def _is_count(node: ast.AST, querysets: set[str]) -> bool:
    if _method_call(node, "count", querysets):
        return True
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "len"
        and len(node.args) == 1
        and _rooted_at_audit_entry(node.args[0], querysets)
    )


def _is_queryset(node: ast.AST, querysets: set[str]) -> bool:
    """A bare queryset (its truth is an existence check): a chain ending in filter/all/…"""
    if isinstance(node, ast.Name):
        return node.id in querysets
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in {"filter", "exclude", "all", "order_by"}
        and _rooted_at_audit_entry(node.func.value, querysets)
    )


def _snapshot(node: ast.AST) -> bool:
    """A plain name: a count taken before (`assert ….count() == before`)."""
    return isinstance(node, ast.Name)


def _zero(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and node.value == 0


def _bare_checks(test: ast.expr, querysets: set[str]) -> list[ast.AST]:
    """The positive existence checks inside the condition of one assert."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return []  # asserting that nothing was written
    if isinstance(test, ast.BoolOp):
        return [found for value in test.values for found in _bare_checks(value, querysets)]
    if _method_call(test, "exists", querysets) or _is_queryset(test, querysets):
        return [test]
    if _is_count(test, querysets):  # `assert ….count()`: at least one
        return [test]
    if isinstance(test, ast.Compare) and len(test.ops) == 1:
        left, right, op = test.left, test.comparators[0], test.ops[0]
        for counted, other in ((left, right), (right, left)):
            if not _is_count(counted, querysets):
                continue
            if _zero(other) and isinstance(op, ast.Eq | ast.LtE):
                return []
            if _snapshot(other) and isinstance(op, ast.Eq):
                return []  # compared with a count taken before: nothing new was written
            return [test]  # `== 2`, `== before + 1`, `== settings.LIMIT`, `>= 1`
        if isinstance(op, ast.Is | ast.Eq) and any(
            isinstance(side, ast.Constant) and side.value is True for side in (left, right)
        ):
            return [found for side in (left, right) for found in _bare_checks(side, querysets)]
    return []


class _Finder(ast.NodeVisitor):
    def __init__(self):
        self.found: list[int] = []
        self.querysets: set[str] = set()

    def visit_Assign(self, node: ast.Assign):
        if _is_queryset(node.value, self.querysets) or (
            isinstance(node.value, ast.Call)
            and _rooted_at_audit_entry(node.value, self.querysets)
            and isinstance(node.value.func, ast.Attribute)
            and node.value.func.attr not in {"count", "exists", "get", "first", "last"}
        ):
            self.querysets.update(t.id for t in node.targets if isinstance(t, ast.Name))
        self.generic_visit(node)

    def visit_Assert(self, node: ast.Assert):
        self.found.extend(check.lineno for check in _bare_checks(node.test, self.querysets))
        self.generic_visit(node)


def bare_audit_checks(source: str) -> list[int]:
    """The lines of `source` with a bare positive existence check on AuditEntry."""
    finder = _Finder()
    finder.visit(ast.parse(source))
    return sorted(set(finder.found))


def test_no_bare_existence_checks_on_audit_entries():
    offenders = []
    used = set()
    for path in _test_files():
        source = path.read_text(encoding="utf-8")
        if "AuditEntry" not in source:
            continue
        lines = source.splitlines()
        relative = path.relative_to(ROOT).as_posix()
        for lineno in bare_audit_checks(source):
            key = (relative, lines[lineno - 1].strip())
            if key in ALLOWED:
                used.add(key)
                continue
            offenders.append(f"{relative}:{lineno}: {key[1]}")
    assert not offenders, (
        "check the audit entry with core.testing.audit.assert_audited (actor, object, "
        "changes), not only that it exists:\n" + "\n".join(offenders)
    )
    assert used == set(ALLOWED), f"stale allow-list rows: {set(ALLOWED) - used}"


def test_the_guard_tells_bare_checks_from_negative_ones():
    flagged = """
from core.models import AuditEntry
def test_a():
    assert AuditEntry.objects.filter(action="x").exists()
    assert AuditEntry.objects.filter(action="x").count() == 1
    assert AuditEntry.objects.count() == before + 1
    entries = AuditEntry.objects.filter(action="x")
    assert entries.exists()
    assert len(AuditEntry.objects.filter(action="x")) == 2
    assert AuditEntry.objects.filter(action="x")
    assert 1 == AuditEntry.objects.count()
    assert AuditEntry.objects.filter(action="x").count() >= 1
    assert AuditEntry.objects.filter(action="x").count() == settings.LIMIT
"""
    assert bare_audit_checks(flagged) == [4, 5, 6, 8, 9, 10, 11, 12, 13]
    fine = """
from core.models import AuditEntry
def test_b():
    before = AuditEntry.objects.count()
    assert not AuditEntry.objects.filter(action="x").exists()
    assert AuditEntry.objects.filter(action="x").count() == 0
    assert AuditEntry.objects.count() == before
    assert not audit.sensitive_reads(AuditEntry.objects.all()).exists()
    assert_audited(action="x", actor=None, changes={})
    entry = AuditEntry.objects.get(action="x")
    assert entry.changes == {}
"""
    assert bare_audit_checks(fine) == []
