"""Start-up checks: a proxy HTTPS header that can never be believed is a redirect loop."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Warning, register


@register(deploy=True)
def proxy_ssl_header_needs_a_trusted_proxy(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    """X-Forwarded-Proto counts only from TRUSTED_PROXIES (TrustedProxyMiddleware), so with
    none listed every request looks like plain HTTP and the HTTPS redirect never ends."""
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None) and not settings.TRUSTED_PROXIES:
        return [
            Warning(
                "FIRSTTOUCH_PROXY_SSL_HEADER is on but TRUSTED_PROXIES is empty, so the "
                "proxy's X-Forwarded-Proto is never believed.",
                hint="List the TLS proxy's address in TRUSTED_PROXIES (docs/deploy.md).",
                id="accounts.W001",
            )
        ]
    return []
