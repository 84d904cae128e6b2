"""List user-facing text that does not go through gettext, so no string is left in English.

Templates: text between tags, and the attributes a person reads or hears (alt, title,
aria-label, placeholder, aria-description, value of a button), outside ``{% translate %}`` and
``{% blocktranslate %}``, ``<script>``, ``<style>`` and comments. Python: string literals given to
``messages.*``, ``ValidationError``, ``HttpResponse*``-free helpers are not guessed: only the calls
and keywords below, where a literal is always shown to a person.

Words that are names, not language (firsttouch, EPDS, FHIR...), and text with no letters pass.
A line can opt out with ``{# notranslate #}`` (template) or ``# notranslate`` (Python) when it
really is not language (a code, an example address).

Usage: ``python scripts/check_translatable.py [paths...]`` (default: the package); exit 1 when
something is found, one ``path:line: text`` per finding.
"""

from __future__ import annotations

import ast
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "firsttouch"

# Names, units and codes that read the same in every language.
NAMES = {
    "firsttouch",
    "epds",
    "fhir",
    "redcap",
    "csv",
    "pdf",
    "zip",
    "json",
    "api",
    "ics",
    "who",
    "nhs",
    "consort",
    "itt",
    "ok",
    "id",
    "url",
    "kg",
    "g",
    "cm",
    "ml",
    "min",
    "h",
    "°c",
    "°f",
    "lb",
    "oz",
    "in",
    "x",
    "baby",  # never alone as a sentence; a data-* default that the page replaces
}
READ_ATTRIBUTES = {
    "alt",
    "title",
    "aria-label",
    "placeholder",
    "aria-description",
    "aria-roledescription",
}
TAG = re.compile(r"({%.*?%}|{{.*?}}|{#.*?#})", re.DOTALL)
WORD = re.compile(r"[^\W\d_][\w'’.-]*", re.UNICODE)


def is_language(text: str) -> bool:
    """True when ``text`` has a word that is not a name or a unit."""
    return any(word.lower().strip(".-") not in NAMES for word in WORD.findall(text))


def _flatten(source: str) -> str:
    """The template with every Django tag, variable, comment and translated block replaced by a
    NUL (keeping its newlines, so line numbers still point at the file)."""
    out: list[str] = []
    skip_until: str | None = None
    for bit in TAG.split(source):
        keep_lines = "\n" * bit.count("\n")
        if bit.startswith("{%"):
            name = bit[2:-2].strip().split(" ")[0] if bit.endswith("%}") else ""
            if skip_until is not None:
                if name == skip_until:
                    skip_until = None
                out.append(keep_lines)
                continue
            if name in {"blocktranslate", "blocktrans", "comment", "verbatim"}:
                skip_until = {"comment": "endcomment", "verbatim": "endverbatim"}.get(
                    name, "end" + name
                )
            out.append("\x00" + keep_lines)
        elif bit.startswith("{{") or bit.startswith("{#"):
            out.append(("" if skip_until else "\x00") + keep_lines)
        else:
            out.append(keep_lines if skip_until else bit)
    return "".join(out)


class _TextFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self._hidden = 0  # inside <script> or <style>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style"}:
            self._hidden += 1
        values = dict(attrs)
        for name, value in attrs:
            readable = name in READ_ATTRIBUTES or (
                name == "value" and tag == "input" and values.get("type") in {"submit", "button"}
            )
            if readable and value and is_language(value.replace("\x00", " ")):
                self.found.append((self.getpos()[0], f'{name}="{value.strip()}"'))

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"} and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        text = " ".join(data.replace("\x00", " ").split())
        if not self._hidden and text and is_language(text):
            line = self.getpos()[0] + data[: len(data) - len(data.lstrip())].count("\n")
            self.found.append((line, text))


def template_findings(path: Path) -> list[tuple[int, str]]:
    source = path.read_text(encoding="utf-8")
    opted_out = {
        number for number, line in enumerate(source.splitlines(), 1) if "{# notranslate #}" in line
    }
    finder = _TextFinder()
    finder.feed(_flatten(source))
    finder.close()
    return [(line, text) for line, text in finder.found if line not in opted_out]


# Python: where a literal string is always something a person reads.
MESSAGE_CALLS = {"success", "info", "warning", "error"}  # messages.success(request, "...")
SHOWN_CALLS = {"ValidationError", "add_error"}
SHOWN_KEYWORDS = {"label", "help_text", "verbose_name", "verbose_name_plural", "empty_label"}


def _shown_literals(node: ast.Call) -> list[ast.Constant]:
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    # messages.error(...) is shown; logger.error(...) is not.
    to_messages = (
        isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Name)
        and func.value.id == "messages"
        and name in MESSAGE_CALLS
    )
    literals: list[ast.AST] = []
    if name in SHOWN_CALLS or to_messages:
        literals.extend(node.args)
    literals.extend(k.value for k in node.keywords if k.arg in SHOWN_KEYWORDS)
    return [
        arg
        for arg in literals
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and is_language(arg.value)
    ]


def python_findings(path: Path) -> list[tuple[int, str]]:
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            for literal in _shown_literals(node):
                if "# notranslate" not in lines[literal.lineno - 1]:
                    found.append((literal.lineno, repr(literal.value)))
    return found


def findings(paths: list[Path]) -> list[str]:
    report = []
    for root in paths:
        files = [root] if root.is_file() else sorted(root.rglob("*"))
        for path in files:
            if "tests" in path.parts or "migrations" in path.parts:
                continue
            if path.suffix == ".html" and "templates" in path.parts:
                found = template_findings(path)
            elif path.suffix == ".py":
                found = python_findings(path)
            else:
                continue
            shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
            report.extend(f"{shown}:{line}: {text}" for line, text in found)
    return report


def main(argv: list[str]) -> int:
    paths = [Path(arg).resolve() for arg in argv] or [PACKAGE]
    report = findings(paths)
    print("\n".join(report))
    return 1 if report else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
