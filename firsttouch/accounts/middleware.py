from __future__ import annotations

from collections.abc import Callable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation

from firsttouch.core import units

from .addresses import from_trusted_proxy
from .models import Membership


class TrustedProxyMiddleware:
    """Believe the proxy's HTTPS header only when a trusted proxy sent the request.

    With ``SECURE_PROXY_SSL_HEADER`` set, Django treats any request carrying
    ``X-Forwarded-Proto: https`` as secure. Anyone can send that header, and a request that
    reaches the server directly would then skip the HTTPS redirect and pass the CSRF checks
    reserved for HTTPS. So the header is removed, before any other middleware reads it, unless
    ``REMOTE_ADDR`` is in ``TRUSTED_PROXIES`` (the same rule as ``X-Forwarded-For``).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        header = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
        if header and header[0] in request.META and not from_trusted_proxy(request):
            del request.META[header[0]]
        return self.get_response(request)


class FamilyMiddleware:
    """Attach ``request.membership`` and ``request.family``; show times in the family's zone."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        membership: Membership | None = None
        if request.user.is_authenticated:
            membership = (
                Membership.objects.select_related("family").filter(user_id=request.user.pk).first()
            )
        request.membership = membership  # type: ignore[attr-defined]
        request.family = membership.family if membership else None  # type: ignore[attr-defined]
        if membership is not None:
            timezone.activate(ZoneInfo(membership.family.time_zone))
            units.activate(membership.family.units)
        else:
            timezone.deactivate()
            units.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
            units.deactivate()


class AccountLanguageMiddleware:
    """Speak the language the account chose; with none chosen, LocaleMiddleware's stands.

    After ``AuthenticationMiddleware`` (it needs ``request.user``) and after
    ``LocaleMiddleware``, which has already picked the browser's language (its cookie from the
    log-in page's switcher, else Accept-Language) and sets ``Content-Language`` on the way out
    from whatever is active then.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)
