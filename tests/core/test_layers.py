"""Layers only point down (design §2): core imports no feature, and the rounds and
applications features do not import each other in a circle. Checked on the source with
`ast`, imports inside functions included."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "evalcenter"

# What core may import from our own package; anything else of ours is a feature (accounts,
# applications, rounds, web, demo, cli, app, models, ...) or a layer above.
CORE_MAY_IMPORT = (
    "evalcenter.core",
    "evalcenter.extensions",
    "evalcenter.config",
    "evalcenter.scoring",  # the pure rule-engine library
    "evalcenter.explain",  # the texts of its codes (pure too)
)


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path, module: str | None = None) -> set[str]:
    """Every module `path` (the module named `module`) imports, as absolute names, wherever
    the import statement is."""
    module = module or _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                source = ".".join([*base, node.module] if node.module else base)
            else:
                source = node.module or ""
            found.add(source)
            # `from evalcenter import accounts` imports the submodule evalcenter.accounts
            found.update(f"{source}.{alias.name}" for alias in node.names if alias.name != "*")
    return found


def _ours(name: str) -> bool:
    """A module of ours below the top package (whose `__init__` imports nothing)."""
    return name.startswith("evalcenter.")


def _within(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def _is_module(name: str) -> bool:
    """Whether `name` is a module or package of ours (not a function imported from one)."""
    relative = Path(*name.split("."))
    root = PACKAGE.parent
    return (root / relative).with_suffix(".py").is_file() or (root / relative).is_dir()


def _files(package: str) -> list[Path]:
    return sorted((PACKAGE / package).rglob("*.py"))


def test_core_imports_no_feature():
    offences = []
    for path in _files("core"):
        for name in sorted(imported_modules(path)):
            if _ours(name) and _is_module(name) and not _within(name, CORE_MAY_IMPORT):
                offences.append(f"{path.relative_to(PACKAGE.parent)} imports {name}")
    assert not offences, "core must not import features:\n" + "\n".join(offences)


def test_the_import_check_sees_nested_relative_and_from_package_imports(tmp_path):
    """The checker itself: imports inside functions, relative ones and `from evalcenter
    import x` are all seen."""
    probe = tmp_path / "probe.py"
    probe.write_text(
        "def f():\n"
        "    from evalcenter.accounts import services\n"
        "    from .. import rounds\n"
        "    from evalcenter import web\n"
        "    if True:\n"
        "        import evalcenter.demo.seed\n",
        encoding="utf-8",
    )
    found = imported_modules(probe, "evalcenter.core.probe")
    assert {"evalcenter.accounts", "evalcenter.rounds", "evalcenter.web"} <= found
    assert "evalcenter.demo.seed" in found


def test_rounds_does_not_import_applications():
    """Applications build on rounds; rounds importing applications would close a circle."""
    offences = [
        f"{path.relative_to(PACKAGE.parent)} imports {name}"
        for path in _files("rounds")
        for name in sorted(imported_modules(path))
        if _within(name, ("evalcenter.applications",)) and _is_module(name)
    ]
    assert not offences, "rounds must not import applications:\n" + "\n".join(offences)


def test_no_import_cycle_between_rounds_and_applications():
    """The module graph of the two packages together has no cycle that crosses them."""
    graph: dict[str, set[str]] = {}
    paths = _files("rounds") + _files("applications")
    modules = {_module_name(p) for p in paths}
    for path in paths:
        graph[_module_name(path)] = {name for name in imported_modules(path) if name in modules}

    def package(name: str) -> str:
        return name.split(".")[1]

    cycles = []
    for start in graph:  # depth-first search for a path back to `start`
        stack = [(start, [start])]
        seen = set()
        while stack:
            node, trail = stack.pop()
            for nxt in graph.get(node, ()):
                if nxt == start and len({package(m) for m in trail}) > 1:
                    cycles.append(" -> ".join([*trail, start]))
                elif nxt not in seen:
                    seen.add(nxt)
                    stack.append((nxt, [*trail, nxt]))
    assert not cycles, "import cycles between rounds and applications:\n" + "\n".join(
        sorted(set(cycles))[:10]
    )
