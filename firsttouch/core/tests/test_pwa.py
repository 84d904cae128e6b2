"""The installable app's pieces over HTTP: the service worker, the manifest, the offline page,
and the API answers the offline queue relies on (session cookie, CSRF, Idempotency-Key)."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.utils import timezone
from PIL import Image

from firsttouch.babies.models import Baby
from firsttouch.core import pwa
from firsttouch.tracking.models import Nappy, Sleep
from tests.cast import PASSWORD, Member

pytestmark = pytest.mark.django_db


def test_the_worker_is_served_from_the_root_for_the_whole_site(client: Client) -> None:
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache"
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_the_worker_precaches_the_shell_and_keeps_only_the_babys_pages(client: Client) -> None:
    body = client.get("/sw.js").content.decode()
    shell = json.loads(re.search(r"var SHELL = (\[.*?\]);", body).group(1))  # type: ignore[union-attr]
    assert "/static/firsttouch/app.css" in shell
    assert "/static/firsttouch/queue.js" in shell
    assert "/offline/" in shell
    prefixes = json.loads(re.search(r"var PAGE_PREFIXES = (\[.*?\]);", body).group(1))  # type: ignore[union-attr]
    assert "/baby/" in prefixes and "/log/" in prefixes
    assert not [p for p in prefixes if p.startswith(("/staff", "/api", "/admin", "/accounts"))]
    assert 'importScripts("/static/firsttouch/queue.js", "/static/reminders/push-sw.js")' in body
    assert '"firsttouch-shell-" + VERSION' in body and pwa.shell_version() in body


def test_every_shell_file_exists(client: Client) -> None:
    for name in pwa.SHELL:
        assert finders.find(name), name


def test_the_worker_version_changes_with_a_shell_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pwa.shell_version.cache_clear()
    first = pwa.shell_version()
    changed = tmp_path / "app.css"
    changed.write_text("body { color: red; }")
    real = finders.find

    def find(name: str, **kwargs: object) -> object:
        return str(changed) if name == "firsttouch/app.css" else real(name)

    monkeypatch.setattr(finders, "find", find)
    pwa.shell_version.cache_clear()
    assert pwa.shell_version() != first
    pwa.shell_version.cache_clear()


def test_the_worker_refuses_a_post(client: Client) -> None:
    assert client.post("/sw.js").status_code == 405


def test_the_manifest_names_the_app_its_colours_and_icons(client: Client) -> None:
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    assert "default-src 'self'" in response["Content-Security-Policy"]
    manifest = response.json()
    assert manifest["name"] == manifest["short_name"] == "firsttouch"
    assert manifest["start_url"] == "/"
    assert manifest["display"] == "standalone"
    css = Path(finders.find("firsttouch/app.css")).read_text()  # type: ignore[arg-type]
    assert f"--bg: {manifest['background_color']};" in css
    assert f"--accent: {manifest['theme_color']};" in css
    sizes = {(i["sizes"], i.get("purpose", "any")) for i in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes


def test_the_icons_are_the_sizes_the_manifest_says(client: Client) -> None:
    for icon in client.get("/manifest.webmanifest").json()["icons"]:
        if icon["type"] != "image/png":
            continue
        path = finders.find(icon["src"].removeprefix("/static/"))
        with Image.open(path) as image:  # type: ignore[arg-type]
            assert f"{image.width}x{image.height}" == icon["sizes"]


def test_the_offline_page_holds_nobodys_data(alice: Member) -> None:
    client = Client()
    client.force_login(alice.user)
    response = client.get("/offline/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "You are offline" in page
    assert "Alice" not in page and "csrfmiddlewaretoken" not in page
    assert "<script>" not in page


def test_every_page_links_the_manifest_and_shows_the_queue(alice: Member, mia: Baby) -> None:
    client = Client()
    client.force_login(alice.user)
    page = client.get(f"/baby/{mia.pk}/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page
    assert 'name="theme-color"' in page
    assert 'id="offline-queue" class="offline-queue" aria-label="Saved on this phone"' in page
    assert f'data-user="{alice.user.pk}"' in page
    assert 'data-sw="/sw.js"' in page
    assert 'data-queue="nappy"' in page and 'data-timer="sleep"' in page
    assert "You are offline: showing what was saved at" in page


def test_a_logged_out_page_has_no_queue(client: Client) -> None:
    page = client.get("/login/").content.decode()
    assert 'id="offline-queue"' not in page
    assert 'data-sw="/sw.js"' in page


def _session(member: Member) -> tuple[Client, str]:
    """A browser's session as the page has it: log-in cookie and the CSRF token."""
    client = Client(enforce_csrf_checks=True)
    assert client.login(username=member.user.email, password=PASSWORD)
    page = client.get("/log/").content.decode()
    token = re.search(r'"X-CSRFToken": "([^"]+)"', page).group(1)  # type: ignore[union-attr]
    return client, token


def test_a_replayed_entry_creates_one_row(alice: Member, mia: Baby) -> None:
    client, token = _session(alice)
    when = (timezone.now() - timedelta(minutes=20)).isoformat()
    body = json.dumps({"baby": mia.pk, "wet": True, "dirty": False, "time": when})
    headers = {"X-CSRFToken": token, "Idempotency-Key": "3f0d7a0e-uuid"}
    first = client.post("/api/v1/nappies", body, content_type="application/json", headers=headers)
    again = client.post("/api/v1/nappies", body, content_type="application/json", headers=headers)
    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    nappy = Nappy.objects.get(baby=mia)
    assert abs((nappy.time - timezone.now()).total_seconds() - -20 * 60) < 5  # when it happened


def test_an_overlapping_sleep_is_refused_with_a_sentence(
    alice: Member, dan: Member, mia: Baby
) -> None:
    now = timezone.now()
    Sleep.objects.create(
        baby=mia, start=now - timedelta(minutes=50), end=now - timedelta(minutes=5)
    )
    client, token = _session(alice)
    body = {
        "baby": mia.pk,
        "start": (now - timedelta(minutes=40)).isoformat(),
        "end": now.isoformat(),
    }
    response = client.post(
        "/api/v1/sleep",
        json.dumps(body),
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
        HTTP_IDEMPOTENCY_KEY="a-sleep",
    )
    assert response.status_code == 422
    assert "overlaps another sleep" in json.dumps(response.json())
    assert Sleep.objects.count() == 1


def test_a_timer_stopped_offline_ends_when_it_was_stopped(alice: Member, mia: Baby) -> None:
    now = timezone.now()
    sleep = Sleep.objects.create(baby=mia, start=now - timedelta(hours=1))
    client, token = _session(alice)
    ended = now - timedelta(minutes=15)
    response = client.patch(
        f"/api/v1/sleep/{sleep.pk}",
        json.dumps({"end": ended.isoformat()}),
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 200
    sleep.refresh_from_db()
    assert sleep.end is not None and abs((sleep.end - ended).total_seconds()) < 1
