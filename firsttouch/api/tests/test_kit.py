"""The kit stands alone, apps build their routers only from it, and the assembly is plain."""

from __future__ import annotations

import ast
import json
from pathlib import Path

from django.test import Client

from firsttouch.api import schemas
from firsttouch.api.kit import paging
from firsttouch.api.kit.resource import Resource, detail_schema, render
from firsttouch.core.warnings import SafetyWarning
from firsttouch.tracking.models import Nappy
from tests.cast import make_baby, make_member

PACKAGE = Path(__file__).resolve().parent.parent.parent
KIT = PACKAGE / "api" / "kit"
ASSEMBLY = PACKAGE / "api" / "api.py"
# What the kit may import from the project (see the kit's docstring).
KIT_MAY_IMPORT = ("firsttouch.core", "firsttouch.accounts.models")


def runtime_imports(path: Path) -> list[tuple[str, int]]:
    """(module, level) of every import, leaving out ``if TYPE_CHECKING:`` blocks."""
    found: list[tuple[str, int]] = []

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue
            if isinstance(child, ast.Import):
                found.extend((alias.name, 0) for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                found.append((child.module or "", child.level))
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return found


def app_api_modules() -> list[Path]:
    return sorted(p for p in PACKAGE.glob("*/api.py") if p.parent.name != "api")


def test_the_kit_imports_no_app() -> None:
    for path in KIT.glob("*.py"):
        for module, level in runtime_imports(path):
            assert level <= 1, f"{path.name}: from {'.' * level}{module} leaves the kit"
            if level == 0 and module.startswith("firsttouch"):
                assert module.startswith(KIT_MAY_IMPORT), f"{path.name} imports {module}"


def test_apps_build_their_routers_from_the_kit_only() -> None:
    modules = app_api_modules()
    assert len(modules) >= 7
    for path in modules:
        for module, _ in runtime_imports(path):
            if module.startswith("firsttouch.api"):
                assert module.startswith("firsttouch.api.kit"), f"{path}: {module}"


def test_no_handler_casts_its_request() -> None:
    for path in [*app_api_modules(), *KIT.glob("*.py"), PACKAGE / "api" / "routes.py"]:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if "type: ignore" in line:
                assert "request" not in line, f"{path}:{number}: {line.strip()}"
            assert "cast(User, request" not in line and "cast(Family, request" not in line


def test_the_assembly_imports_every_router_at_the_top() -> None:
    tree = ast.parse(ASSEMBLY.read_text(encoding="utf-8"))
    body = [
        node
        for node in tree.body
        if not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant))
    ]
    first_other = next(
        i for i, node in enumerate(body) if not isinstance(node, ast.Import | ast.ImportFrom)
    )
    assert not any(isinstance(node, ast.Import | ast.ImportFrom) for node in body[first_other:])
    imported = {node.module for node in body[:first_other] if isinstance(node, ast.ImportFrom)}
    for path in app_api_modules():
        assert f"firsttouch.{path.parent.name}.api" in imported, path
    assert "noqa: E402" not in ASSEMBLY.read_text(encoding="utf-8")


def test_page_links_keep_the_filters(rf) -> None:
    request = rf.get("/api/v1/mood", {"since": "2026-01-01", "limit": "2", "offset": "2"})
    params = paging.ListParams(limit=2, offset=2)
    body = paging.paginate(request, params, ["a", "b", "c", "d", "e"])
    assert body["count"] == 5 and body["results"] == ["c", "d"]
    assert body["next"] == "http://testserver/api/v1/mood?since=2026-01-01&limit=2&offset=4"
    assert body["previous"] == "http://testserver/api/v1/mood?since=2026-01-01&limit=2&offset=0"
    last = paging.paginate(request, paging.ListParams(limit=2, offset=4), ["a"] * 5)
    assert last["next"] is None and last["results"] == ["a"]


def test_a_page_turns_only_its_own_rows_into_answers(rf) -> None:
    seen: list[str] = []

    def out(row: str) -> str:
        seen.append(row)
        return row.upper()

    request = rf.get("/api/v1/mood")
    body = paging.paginate(request, paging.ListParams(limit=2, offset=2), list("abcde"), out)
    assert body["count"] == 5 and body["results"] == ["C", "D"] and seen == ["c", "d"]


def test_the_programs_app_serves_only_its_staff_routes(db) -> None:
    # It once served an empty router under its own tag; since issue 11 its router is the staff
    # API (programs/api.py), every route under /staff and tagged so.
    spec = Client().get("/api/v1/openapi.json").json()
    staff_ops = [
        (path, op)
        for path, ops in spec["paths"].items()
        for op in ops.values()
        if "staff" in op.get("tags", [])
    ]
    tags = {
        tag for ops in spec["paths"].values() for op in ops.values() for tag in op.get("tags", [])
    }
    assert "programs" not in tags
    assert staff_ops and all(path.startswith("/api/v1/staff/") for path, _ in staff_ops)


def test_a_resource_with_warnings_answers_one_row_with_them_most_urgent_first(db) -> None:
    member = make_member("warned@example.com", "Wren")
    nappy = Nappy.objects.create(
        baby=make_baby(member.family), time="2026-05-01T08:00Z", dirty=True
    )
    today = SafetyWarning("later", "Seen.", "Call today.", "today", "src")
    now = SafetyWarning("first", "Seen.", "Call now.", "emergency", "src")
    plain = Resource(Nappy, "nappies", "tracking", schemas.NappyIn, schemas.NappyOut)
    warned = Resource(
        Nappy,
        "nappies",
        "tracking",
        schemas.NappyIn,
        schemas.NappyOut,
        warnings=lambda row: [today, now] if row.dirty else [],
    )

    assert detail_schema(plain) is schemas.NappyOut
    assert "warnings" not in json.loads(render(plain, nappy))
    body = json.loads(render(warned, nappy))
    assert [w["code"] for w in body["warnings"]] == ["first", "later"]
    assert body["warnings"][0] == {
        "code": "first",
        "message": "Seen.",
        "action": "Call now.",
        "urgency": "emergency",
        "source": "src",
    }
    assert body["id"] == nappy.pk
    nappy.dirty = False
    assert json.loads(render(warned, nappy))["warnings"] == []
