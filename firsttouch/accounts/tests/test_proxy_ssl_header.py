"""X-Forwarded-Proto is believed only from TRUSTED_PROXIES (issue 10).

With FIRSTTOUCH_PROXY_SSL_HEADER on, Django would take the header from anyone: a client
talking to the server directly could make plain HTTP look like HTTPS and skip the redirect.
"""

from __future__ import annotations

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from pytest_django.fixtures import Settings

from firsttouch.accounts.middleware import TrustedProxyMiddleware

PROXY = "10.0.0.2"
STRANGER = "203.0.113.7"


@pytest.fixture
def behind_proxy(settings: Settings) -> Settings:
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 3600  # sent only on a request seen as secure
    return settings


def _seen_as_secure(remote_addr: str, forwarded_proto: str = "https") -> bool:
    seen: list[bool] = []

    def view(request: HttpRequest) -> HttpResponse:
        seen.append(request.is_secure())
        return HttpResponse()

    request = RequestFactory().get(
        "/", REMOTE_ADDR=remote_addr, HTTP_X_FORWARDED_PROTO=forwarded_proto
    )
    TrustedProxyMiddleware(view)(request)
    return seen[0]


def test_forwarded_proto_from_an_untrusted_address_is_not_secure(
    behind_proxy: Settings,
) -> None:
    assert _seen_as_secure(STRANGER) is False


def test_forwarded_proto_from_a_trusted_proxy_is_secure(behind_proxy: Settings) -> None:
    assert _seen_as_secure(PROXY) is True


def test_forwarded_proto_is_not_trusted_when_no_proxy_is_listed(
    behind_proxy: Settings,
) -> None:
    behind_proxy.TRUSTED_PROXIES = []
    assert _seen_as_secure(PROXY) is False


@pytest.mark.django_db
def test_untrusted_forwarded_proto_is_still_redirected_to_https(
    behind_proxy: Settings,
) -> None:
    response = Client().get("/api/v1/health", REMOTE_ADDR=STRANGER, HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/api/v1/health"


@pytest.mark.django_db
def test_trusted_proxys_forwarded_proto_is_served_without_a_redirect(
    behind_proxy: Settings,
) -> None:
    response = Client().get("/api/v1/health", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 200
    assert "Strict-Transport-Security" in response


def test_deploy_check_warns_when_the_proxy_header_has_no_trusted_proxy(
    behind_proxy: Settings,
) -> None:
    from firsttouch.accounts.checks import proxy_ssl_header_needs_a_trusted_proxy

    assert proxy_ssl_header_needs_a_trusted_proxy() == []
    behind_proxy.TRUSTED_PROXIES = []
    assert [w.id for w in proxy_ssl_header_needs_a_trusted_proxy()] == ["accounts.W001"]
