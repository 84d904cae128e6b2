"""What makes firsttouch an installable app that opens offline: the web manifest, the service
worker and the page shown when a page was never saved on this phone (decision 0020).

The service worker is served from the site root (``/sw.js``) rather than ``/static/``: a
worker controls only the paths under its own URL, and it must reach Today and the log pages.
Its precache list is rendered here with ``{% static %}`` URLs, and its version is a hash of
those files, so changing app.css or a script installs a new worker that drops the old caches.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache

from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

# The app shell: what every saved page needs to draw itself without the network.
SHELL = (
    "firsttouch/app.css",
    "firsttouch/confirm.js",
    "firsttouch/queue.js",
    "firsttouch/offline.js",
    "firsttouch/icon.svg",
    "firsttouch/icons/icon-192.png",
    "firsttouch/icons/icon-512.png",
    "django_htmx/htmx-2.min.js",
    "home/home.css",
    "tracking/tracking.css",
    "tracking/tracking.js",
    # The reminders' notification handlers (decision 0021), imported by the worker.
    "reminders/push-sw.js",
)
# Pages the worker saves as they are seen (network first) and shows offline. Only the baby's
# day and the log: never staff, admin, settings or data pages, and never the API.
PAGE_PREFIXES = ("/baby/", "/log/", "/massage/")
# The light theme's colours (app.css: --bg and --accent).
BACKGROUND = "#f7f3ef"
THEME = "#7a4fa3"
SW_JS = "text/javascript; charset=utf-8"


@cache
def shell_version() -> str:
    """A hash of the shell's files: a new one whenever any of them changes (once per process)."""
    digest = hashlib.sha256()
    for name in SHELL:
        path = finders.find(name)
        digest.update(name.encode())
        if isinstance(path, str):
            with open(path, "rb") as handle:
                digest.update(handle.read())
    return digest.hexdigest()[:12]


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """The worker script, at the root so its scope is the whole site."""
    context = {
        "version": shell_version(),
        "shell": json.dumps([static(name) for name in SHELL] + [reverse("pwa-offline")]),
        "offline_url": json.dumps(reverse("pwa-offline")),
        "page_prefixes": json.dumps(["/", *PAGE_PREFIXES]),
        "queue_script": json.dumps(static("firsttouch/queue.js")),
        "push_script": json.dumps(static("reminders/push-sw.js")),
        "login_url": json.dumps(reverse("login")),
    }
    response = render(request, "core/sw.js", context, content_type=SW_JS)
    response["Service-Worker-Allowed"] = "/"
    # Browsers check for a new worker at most daily unless told; no-cache makes every check
    # ask the server, so a release reaches phones on their next visit.
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def manifest(request: HttpRequest) -> HttpResponse:
    """The web app manifest: name, colours and icons for "Add to Home Screen"."""
    body = {
        "name": "firsttouch",
        "short_name": "firsttouch",
        "description": _("Infant massage, the baby's day and your own wellbeing."),
        "id": reverse("home"),  # the app's identity, whatever start_url becomes
        "start_url": reverse("home"),
        "scope": "/",
        "display": "standalone",
        "background_color": BACKGROUND,
        "theme_color": THEME,
        "icons": [
            {
                "src": static("firsttouch/icons/icon-192.png"),
                "sizes": "192x192",
                "type": "image/png",
            },
            {
                "src": static("firsttouch/icons/icon-512.png"),
                "sizes": "512x512",
                "type": "image/png",
            },
            {
                "src": static("firsttouch/icons/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
            {"src": static("firsttouch/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
        ],
    }
    response = JsonResponse(body, content_type="application/manifest+json")
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_GET
def offline(request: HttpRequest) -> HttpResponse:
    """Shown by the worker for a page never saved on this phone. Nobody's data is in it: it is
    saved once, whoever is logged in."""
    return render(request, "core/offline.html")
