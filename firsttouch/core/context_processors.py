"""Which tab of the phone's tab bar the current page belongs to."""

from __future__ import annotations

from django.http import HttpRequest

# Namespaces (app_name) of each tab; the baby's pages (home, insights) are "today".
SECTIONS = {
    "massage": "massage",
    "tracking": "log",
    "wellbeing": "you",
    "selfcare": "you",
    "lactation": "you",
    "reminders": "you",
    "programs": "you",
    "insights": "today",
    "reports": "today",
}
TODAY_URL_NAMES = {"home", "baby"}


def section_of(app_name: str, url_name: str | None) -> str | None:
    if app_name in SECTIONS:
        return SECTIONS[app_name]
    if not app_name and url_name in TODAY_URL_NAMES:
        return "today"
    return None


def nav(request: HttpRequest) -> dict[str, str | None]:
    match = request.resolver_match
    if match is None:
        return {"nav_section": None}
    return {"nav_section": section_of(match.app_name, match.url_name)}
