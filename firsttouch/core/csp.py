"""The Content Security Policy header, from ``settings.CONTENT_SECURITY_POLICY``.

A dozen lines rather than django-csp: the policy is one fixed string with no nonces (nothing
inline is allowed), so a dependency would add only configuration to learn.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

HEADER = "Content-Security-Policy"


class ContentSecurityPolicyMiddleware:
    """Add the policy to every response that does not set its own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy: str = getattr(settings, "CONTENT_SECURITY_POLICY", "")
        if policy and HEADER not in response:
            response[HEADER] = policy
        return response
