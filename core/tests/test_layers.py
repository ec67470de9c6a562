"""The layout holds: every module imports only from its own app or from an app of a lower
layer, and no modules import each other in a circle (docs/architecture.md, STYLE 2a).

A small `ast` walk of every module of every app (migrations and the `tests/` folders aside:
a test may build what the layers above it need). Imports inside functions count like the
others: a deferred import is still a tie, and no way around the rule."""

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)

# The layers, ground first; an app imports only from its own app or a lower layer.
LAYERS = [
    {"core"},  # tenancy, roles, audit, the package registry, wareki, text folding
    {"plans"},
    {"accounts", "stats"},
    {"pdca", "directory"},
    {"employment", "housing", "campaigns"},
    {"cases", "support", "coordination"},
]
LAYER = {app: number for number, apps in enumerate(LAYERS) for app in apps}
SKIPPED_FOLDERS = {"migrations", "tests", "__pycache__"}
NOT_APPS = {"config", "bench", "docs", "scripts", "static", "templates", "packages"}


def app_names() -> list[str]:
    return sorted(
        path.name
        for path in ROOT.iterdir()
        if (path / "__init__.py").is_file()
        and path.name not in NOT_APPS
        and not path.name.startswith(".")
    )


def modules() -> dict[str, Path]:
    """Every module of every app, by dotted name."""
    found = {}
    for app in app_names():
        for path in (ROOT / app).rglob("*.py"):
            relative = path.relative_to(ROOT)
            if SKIPPED_FOLDERS & set(relative.parts[:-1]):
                continue
            name = ".".join(relative.with_suffix("").parts)
            found[name.removesuffix(".__init__")] = path
    return found


def import_graph() -> dict[str, set[str]]:
    """module -> the modules of the apps it imports (at any depth of the file)."""
    files = modules()

    def resolve(name: str) -> str | None:
        while name and name not in files:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {name: set() for name in files}
    for name, path in files.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = package.split(".")
                    parts = parts[: len(parts) - (node.level - 1)]
                    base = ".".join(parts + ([base] if base else []))
                targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
            else:
                continue
            for target in targets:
                module = resolve(target)
                if module is not None and module != name:
                    graph[name].add(module)
    return graph


def circles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """The strongly connected components of more than one module (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []
    counter = 0
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(frozenset(component))
    return found


def test_every_app_has_a_layer():
    assert [app for app in app_names() if app not in LAYER] == [], (
        "add the new app to LAYERS here and to the picture in docs/architecture.md"
    )


def test_it_imports_only_from_its_own_app_or_a_lower_layer():
    wrong = []
    for module, targets in import_graph().items():
        app = module.split(".")[0]
        for target in sorted(targets):
            other = target.split(".")[0]
            if other == app:
                continue
            if LAYER[other] > LAYER[app]:
                wrong.append(f"upward: {module} -> {target}")
            elif LAYER[other] == LAYER[app]:
                wrong.append(f"sideways between peers: {module} -> {target}")
    assert wrong == [], (
        "move the logic to the layer that owns the data, or let the higher layer register "
        "a provider (docs/architecture.md):\n" + "\n".join(wrong)
    )


def test_no_modules_import_each_other_in_a_circle():
    found = circles(import_graph())
    named = [" <-> ".join(sorted(circle)) for circle in found]
    assert named == [], "import circles:\n" + "\n".join(named)


def test_the_walk_finds_a_circle_and_an_upward_import():
    graph = {
        "plans.a": {"plans.b"},
        "plans.b": {"plans.c"},
        "plans.c": {"plans.a"},
        "core.x": set(),
    }
    assert circles(graph) == [frozenset({"plans.a", "plans.b", "plans.c"})]
    assert LAYER["pdca"] > LAYER["plans"] > LAYER["core"]


MAX_LINES = 600
NOT_CODE = {".venv", "var", "node_modules", ".git", "static", "migrations", "__pycache__"}


def test_no_module_is_over_600_lines():
    """A module that long holds more than one topic: split it by topic (issue 13). Migrations
    are written by makemigrations and stay as they are; tests and benchmarks count."""
    long = []
    for path in sorted(ROOT.rglob("*.py")):
        if NOT_CODE & set(path.relative_to(ROOT).parts):
            continue
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES:
            long.append(f"{path.relative_to(ROOT)}: {lines} lines")
    assert not long, "split by topic:\n" + "\n".join(long)
