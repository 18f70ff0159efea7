"""The redesign's rules (issue #13), checked on the source so that they stay
true: plugins meet only through actions, signals and the kernel; no
``_private`` name crosses a module; no import cycle; no module over ~500
lines unless it is one concept (listed below, with the concept).

Static (``ast``), no CKAN needed: these tests read the package's files.
"""
from __future__ import annotations

import ast
import pathlib

import pytest

PACKAGE = pathlib.Path(__file__).resolve().parents[1] / "ckanext-tmopendata" / "ckanext" / "tmopendata"
ROOT = "ckanext.tmopendata"
#: The plugins' subpackages; ``lib`` is the shared kernel (any plugin may use
#: it; it uses no plugin), ``migration`` holds each plugin's alembic scripts,
#: ``resources`` the schemas and census files shipped in the package.
PLUGINS = ("core", "census", "hvd", "procedures", "progress", "reuse", "datastore")
KERNEL = ("lib", "resources", "i18n")
#: Modules allowed above MAX_LINES, each one concept.
MAX_LINES = 500
ONE_CONCEPT = {
    "lib/fetch.py": "the outbound fetch policy (lib/fetch.py's docstring)",
}


def _modules() -> dict[str, pathlib.Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join([ROOT, *parts])] = path
    return found


MODULES = _modules()


def _imports(name: str, path: pathlib.Path, *, top_level_only: bool = False):
    """(imported module, imported names, line) of every import of the
    package in ``path``: absolute and relative, at module level and (unless
    ``top_level_only``) inside functions."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    nodes = tree.body if top_level_only else ast.walk(tree)
    for node in nodes:
        if top_level_only and isinstance(node, (ast.If, ast.Try)):
            # imports under `if TYPE_CHECKING:` / try-except at module level
            # still run at import time (except TYPE_CHECKING): keep them
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.dump(node.test):
                continue
            inner = [n for n in ast.walk(node) if isinstance(n, (ast.Import, ast.ImportFrom))]
        else:
            inner = [node] if isinstance(node, (ast.Import, ast.ImportFrom)) else []
        for imp in inner:
            if isinstance(imp, ast.Import):
                for alias in imp.names:
                    if alias.name.startswith(ROOT):
                        yield alias.name, [], imp.lineno
            else:
                if imp.level:
                    base = package.split(".")
                    base = base[: len(base) - (imp.level - 1)]
                    module = ".".join(base + ([imp.module] if imp.module else []))
                else:
                    module = imp.module or ""
                if module.startswith(ROOT):
                    yield module, [alias.name for alias in imp.names], imp.lineno


def _area(module: str) -> str:
    parts = module.split(".")
    return parts[2] if len(parts) > 2 else ""


def _resolve(module: str, names: list[str]) -> list[str]:
    """The package modules an import reaches: ``from a import b`` may import
    the submodule ``a.b``."""
    reached = [module] if module in MODULES else []
    reached += [f"{module}.{n}" for n in names if f"{module}.{n}" in MODULES]
    return reached


def test_the_package_was_found():
    assert len(MODULES) > 50
    assert f"{ROOT}.census.plugin" in MODULES


def test_plugins_do_not_import_each_others_modules():
    """A plugin imports its own modules and the kernel only (``lib``); the
    kernel imports no plugin."""
    wrong = []
    for name, path in MODULES.items():
        area = _area(name)
        for module, names, line in _imports(name, path):
            for target in _resolve(module, names) or [module]:
                other = _area(target)
                if area in KERNEL:
                    allowed = other not in PLUGINS
                else:
                    allowed = other in ("", area) or other in KERNEL
                if not allowed:
                    wrong.append(f"{path.relative_to(PACKAGE)}:{line} imports {target}")
    assert wrong == []


def test_no_private_name_crosses_a_module():
    wrong = []
    for name, path in MODULES.items():
        for module, names, line in _imports(name, path):
            if module == name:
                continue
            for imported in names:
                if imported.startswith("_") and not imported.startswith("__"):
                    wrong.append(f"{path.relative_to(PACKAGE)}:{line} imports {module}.{imported}")
    assert wrong == []


def test_no_import_cycle():
    """No cycle among the imports run when a module is imported (module
    level); an import inside a function to break a cycle counts as one."""
    graph = {name: set() for name in MODULES}
    for name, path in MODULES.items():
        for module, names, _line in _imports(name, path):
            for target in _resolve(module, names):
                if target != name and not name.startswith(target + "."):
                    graph[name].add(target)
    cycles = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(" → ".join(stack[stack.index(nxt):] + [nxt]))
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    assert cycles == []


def test_modules_stay_small_unless_one_concept():
    big = {}
    for path in MODULES.values():
        rel = str(path.relative_to(PACKAGE))
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES and rel not in ONE_CONCEPT:
            big[rel] = lines
    assert big == {}


@pytest.mark.parametrize("rel", sorted(ONE_CONCEPT))
def test_listed_big_modules_exist(rel):
    """The list of one-concept modules holds no stale entry."""
    assert (PACKAGE / rel).exists()
