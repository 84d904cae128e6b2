"""Wellbeing never imports the clinics' app: programs depends on wellbeing, not both ways.

The crisis help must not depend on clinic code, and a cycle made each app load the other
half-way. Programs hears about an urgent safety response through ``wellbeing.signals``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import firsttouch.wellbeing

WELLBEING = Path(firsttouch.wellbeing.__file__).parent


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def test_no_wellbeing_module_imports_programs() -> None:
    sources = [p for p in WELLBEING.rglob("*.py") if "tests" not in p.relative_to(WELLBEING).parts]
    assert len(sources) > 10
    offenders = {
        str(p.relative_to(WELLBEING)): sorted(
            m for m in imported_modules(p) if m.startswith("firsttouch.programs")
        )
        for p in sources
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_the_scan_would_see_an_import(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from firsttouch.programs.models import Alert\n")
    assert imported_modules(module) == {"firsttouch.programs.models"}
