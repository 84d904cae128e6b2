"""Which address a request came from, for throttling.

Behind a reverse proxy every request arrives from the proxy, so throttling by ``REMOTE_ADDR``
alone would make all families share one address. ``X-Forwarded-For`` fixes that, but anyone
can send the header, so it is believed only when the request comes from a proxy listed in
``TRUSTED_PROXIES``, and then only from the right: each trusted proxy appends the address it
saw, so the right-most entry that is not one of our proxies is the client; anything left of it
was written by the client and could be made up (docs/deploy.md).

The same list decides whether ``X-Forwarded-Proto`` is believed (``TrustedProxyMiddleware``):
a client that sends it directly must not make a plain HTTP request look secure.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address, ip_network

from django.conf import settings
from django.http import HttpRequest

Network = IPv4Network | IPv6Network


@lru_cache(maxsize=8)
def parse_networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    """``TRUSTED_PROXIES`` entries (addresses or CIDRs) as networks; a bad one is an error."""
    return tuple(ip_network(entry.strip(), strict=False) for entry in entries if entry.strip())


def _parse(value: str) -> IPv4Address | IPv6Address | None:
    try:
        return ip_address(value.strip())
    except ValueError:
        return None


def _trusted(address: IPv4Address | IPv6Address, proxies: Iterable[Network]) -> bool:
    return any(address.version == net.version and address in net for net in proxies)


def _as_subject(address: IPv4Address | IPv6Address) -> str:
    # One IPv6 host usually holds a whole /64 and can change address at will within it.
    if address.version == 6:
        return str(ip_network(f"{address}/64", strict=False))
    return str(address)


def client_address(
    remote_addr: str | None, forwarded_for: str | None, proxies: Iterable[Network]
) -> str | None:
    """The client's address: REMOTE_ADDR, or from X-Forwarded-For when a trusted proxy sent it."""
    remote = _parse(remote_addr or "")
    if remote is None:
        return None
    proxies = tuple(proxies)
    if not forwarded_for or not _trusted(remote, proxies):
        return _as_subject(remote)
    client = remote
    for entry in reversed(forwarded_for.split(",")):
        hop = _parse(entry)
        if hop is None:
            break  # not an address: stop at the last hop we could read
        client = hop
        if not _trusted(hop, proxies):
            break
    return _as_subject(client)


def from_trusted_proxy(request: HttpRequest) -> bool:
    """Whether the connection was opened by one of ``TRUSTED_PROXIES`` (so its headers count)."""
    remote = _parse(request.META.get("REMOTE_ADDR") or "")
    return remote is not None and _trusted(remote, parse_networks(tuple(settings.TRUSTED_PROXIES)))


def request_address(request: HttpRequest | None) -> str | None:
    """The address of ``request``'s client, as throttling counts it."""
    if request is None:
        return None
    return client_address(
        request.META.get("REMOTE_ADDR"),
        request.META.get("HTTP_X_FORWARDED_FOR"),
        parse_networks(tuple(settings.TRUSTED_PROXIES)),
    )
