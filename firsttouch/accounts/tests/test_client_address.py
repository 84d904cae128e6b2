"""Which address is counted: X-Forwarded-For only from TRUSTED_PROXIES, read from the right."""

from __future__ import annotations

import pytest

from firsttouch.accounts.addresses import client_address, parse_networks

PROXIES = parse_networks(("10.0.0.0/8", "192.168.1.5"))


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        # No proxy in front: the header is the client's own invention and is ignored.
        ("203.0.113.7", "198.51.100.1", "203.0.113.7"),
        ("203.0.113.7", None, "203.0.113.7"),
        # From a trusted proxy: the right-most address that is not one of ours.
        ("10.0.0.2", "203.0.113.7", "203.0.113.7"),
        ("10.0.0.2", "198.51.100.1, 203.0.113.7", "203.0.113.7"),
        ("10.0.0.2", "198.51.100.1, 203.0.113.7, 192.168.1.5", "203.0.113.7"),
        # Every hop is ours: the farthest one.
        ("10.0.0.2", "10.1.1.1", "10.1.1.1"),
        # From a trusted proxy but no header: the proxy's own address.
        ("10.0.0.2", None, "10.0.0.2"),
        # A hop that is not an address stops the walk at the last one we could read.
        ("10.0.0.2", "203.0.113.7, garbage", "10.0.0.2"),
        # IPv6 clients are counted by their /64.
        ("2001:db8:1:2::99", None, "2001:db8:1:2::/64"),
        ("10.0.0.2", "2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
        # No usable REMOTE_ADDR: nothing to count by.
        ("", "203.0.113.7", None),
    ],
)
def test_proxy_header_trusted_only_from_trusted_proxies(
    remote: str, forwarded: str | None, expected: str | None
) -> None:
    assert client_address(remote, forwarded, PROXIES) == expected


def test_no_proxy_is_trusted_by_default() -> None:
    assert client_address("10.0.0.2", "203.0.113.7", parse_networks(())) == "10.0.0.2"


def test_a_bad_trusted_proxies_entry_fails_at_start_up(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    from django.core.exceptions import ImproperlyConfigured

    import firsttouch.settings as project_settings

    monkeypatch.setenv("TRUSTED_PROXIES", "10.0.0.1, not-an-address")
    with pytest.raises(ImproperlyConfigured, match="TRUSTED_PROXIES"):
        importlib.reload(project_settings)
    monkeypatch.delenv("TRUSTED_PROXIES")
    importlib.reload(project_settings)
