"""The Baby Buddy import must not let a family member make the server reach its own networks.

Private, loopback, link-local and other non-public addresses are refused by default; the host
is looked up once and the connection goes to an address that lookup returned and that was
checked (no second lookup to rebind); every way of not reaching a server reads the same.
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import override_settings

from firsttouch.api.tests.helpers import ApiClient
from firsttouch.portability import babybuddy as bb
from firsttouch.portability import importing
from firsttouch.portability.models import ImportJob
from tests.cast import Member

from .fake_babybuddy import KEY, FakeBabyBuddy, babybuddy

__all__ = ["babybuddy"]  # the fixture, imported for pytest

PUBLIC = "93.184.215.14"

Answer = list[tuple[Any, ...]]


def answers(*addresses: str, port: int = 80) -> Answer:
    """What ``getaddrinfo`` returns for these addresses."""
    out: Answer = []
    for address in addresses:
        if ":" in address:
            out.append((socket.AF_INET6, socket.SOCK_STREAM, 6, "", (address, port, 0, 0)))
        else:
            out.append((socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port)))
    return out


class Resolver:
    """A resolver that answers each lookup in turn (the last answer repeats), counting them."""

    def __init__(self, *rounds: Answer) -> None:
        self.rounds = list(rounds)
        self.names: list[str] = []

    def __call__(self, host: str, port: Any, *args: Any, **kwargs: Any) -> Answer:
        self.names.append(host)
        return self.rounds[min(len(self.names), len(self.rounds)) - 1]


@pytest.fixture
def connections(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every address the client connects to; each connection is refused."""
    tried: list[str] = []

    def refuse(target: bb.Target, timeout: float) -> socket.socket:
        tried.append(str(target.address))
        raise ConnectionRefusedError("refused")

    monkeypatch.setattr(bb, "connect", refuse)
    return tried


def refusal(url: str) -> str:
    with pytest.raises(bb.BabyBuddyError) as refused:
        bb.Client(url, KEY).counts()
    assert refused.value.field == "base_url"
    return refused.value.message


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "127.9.9.9",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.10",
        "169.254.169.254",  # cloud metadata
        "100.64.0.1",  # carrier-grade NAT
        "0.0.0.0",
        "224.0.0.1",
        "240.0.0.1",
        "255.255.255.255",
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "ff02::1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
        "::ffff:169.254.169.254",
        "2002:7f00:1::",  # 6to4 carrying 127.0.0.1
    ],
)
def test_non_public_addresses_are_refused_by_default(address: str) -> None:
    assert not bb.is_public(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", [PUBLIC, "8.8.8.8", "2606:4700:4700::1111"])
def test_public_addresses_are_allowed(address: str) -> None:
    assert bb.is_public(ipaddress.ip_address(address))


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:{port}",
        "http://localhost:{port}",
        "http://[::1]:{port}",
        "http://[::ffff:127.0.0.1]:{port}",
        "http://[::ffff:7f00:1]:{port}",
        "http://10.0.0.1",
        "http://169.254.169.254/latest/meta-data",
        "http://0.0.0.0:{port}",
    ],
)
def test_the_default_refuses_the_servers_own_networks_and_sends_nothing(
    alice: Member, babybuddy: FakeBabyBuddy, settings: Any, url: str
) -> None:
    settings.IMPORT_ALLOW_PRIVATE_ADDRESSES = False  # the default, which the fixture turned on
    port = babybuddy.url.rsplit(":", 1)[1]
    with pytest.raises(importing.ImportRefused) as refused:
        importing.start_api_import(alice.family, alice.user, url.format(port=port), KEY)
    assert refused.value.field == "base_url"
    assert refused.value.message.startswith("Could not reach ")
    assert not babybuddy.requests
    assert not ImportJob.objects.exists()


def test_the_default_is_to_refuse() -> None:
    assert django_settings.IMPORT_ALLOW_PRIVATE_ADDRESSES is False


def test_a_name_that_resolves_to_a_private_address_is_refused_before_connecting(
    monkeypatch: pytest.MonkeyPatch, connections: list[str]
) -> None:
    monkeypatch.setattr(socket, "getaddrinfo", Resolver(answers("10.0.0.7")))
    assert refusal("https://bb.example.org").startswith("Could not reach bb.example.org.")
    assert connections == []


def test_one_private_address_among_public_ones_refuses_the_name(
    monkeypatch: pytest.MonkeyPatch, connections: list[str]
) -> None:
    monkeypatch.setattr(socket, "getaddrinfo", Resolver(answers(PUBLIC, "127.0.0.1")))
    refusal("https://bb.example.org")
    assert connections == []


def test_the_name_is_looked_up_once_and_the_checked_address_is_the_one_connected_to(
    monkeypatch: pytest.MonkeyPatch, connections: list[str]
) -> None:
    # DNS rebinding: public when checked, loopback on any later lookup.
    resolver = Resolver(answers(PUBLIC, port=443), answers("127.0.0.1", port=443))
    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    client = bb.Client("https://rebind.example.org", KEY)
    for _ in range(3):
        with pytest.raises(bb.BabyBuddyError):
            client.get("children")
    assert resolver.names == ["rebind.example.org"]
    assert connections == [PUBLIC, PUBLIC, PUBLIC]


def test_rebinding_cannot_move_a_running_import_off_the_checked_address(
    alice: Member, babybuddy: FakeBabyBuddy, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With private addresses allowed (the fake is on 127.0.0.1), every request of a client
    still goes to the address it looked up first, with the typed name as the Host header."""
    port = int(babybuddy.url.rsplit(":", 1)[1])
    babybuddy.data = {kind[1]: [] for kind in bb.KINDS}
    resolver = Resolver(answers("127.0.0.1", port=port), answers("10.255.255.1", port=port))
    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    client = bb.Client(f"http://bb.test:{port}", KEY)
    assert client.counts() == dict.fromkeys(bb.KIND_NAMES, 0)
    assert resolver.names == ["bb.test"]
    assert len(babybuddy.requests) == len(bb.KIND_NAMES)
    assert set(babybuddy.hosts) == {f"bb.test:{port}"}


def test_https_checks_the_certificate_against_the_typed_name(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(socket, "getaddrinfo", Resolver(answers(PUBLIC, port=443)))
    connection: Any = bb.Client("https://bb.example.org", KEY)._connection()
    assert connection.host == "bb.example.org"
    assert connection._context.check_hostname is True
    assert connection._context.verify_mode == ssl.CERT_REQUIRED


def test_the_setting_lets_a_household_import_from_its_own_network(
    alice: Member, babybuddy: FakeBabyBuddy, settings: Any
) -> None:
    babybuddy.data = {kind[1]: [] for kind in bb.KINDS}
    settings.IMPORT_ALLOW_PRIVATE_ADDRESSES = False
    with pytest.raises(importing.ImportRefused):
        importing.start_api_import(alice.family, alice.user, babybuddy.url, KEY)
    with override_settings(IMPORT_ALLOW_PRIVATE_ADDRESSES=True):
        assert importing.start_api_import(alice.family, alice.user, babybuddy.url, KEY).pk
    assert babybuddy.requests


def _raising(exc: BaseException) -> Callable[[bb.Target, float], socket.socket]:
    def fail(target: bb.Target, timeout: float) -> socket.socket:
        raise exc

    return fail


def test_every_way_of_not_reaching_a_server_gives_the_same_message(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url = "https://bb.example.org"
    messages: dict[str, str] = {}
    with monkeypatch.context() as m:
        m.setattr(socket, "getaddrinfo", Resolver(answers("127.0.0.1")))
        messages["blocked"] = refusal(url)

    def unknown(*args: Any, **kwargs: Any) -> Answer:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    with monkeypatch.context() as m:
        m.setattr(socket, "getaddrinfo", unknown)
        messages["unknown name"] = refusal(url)
    failures: dict[str, BaseException] = {
        "refused": ConnectionRefusedError("refused"),
        "timeout": TimeoutError("timed out"),
        "unreachable network": OSError(101, "Network is unreachable"),
        "bad certificate": ssl.SSLCertVerificationError("certificate verify failed"),
    }
    for name, failure in failures.items():
        with monkeypatch.context() as m:
            m.setattr(socket, "getaddrinfo", Resolver(answers(PUBLIC, port=443)))
            m.setattr(bb, "connect", _raising(failure))
            messages[name] = refusal(url)
    assert len(set(messages.values())) == 1, messages
    assert messages["refused"].startswith("Could not reach bb.example.org.")


def test_a_closed_port_reads_like_a_blocked_address(babybuddy: FakeBabyBuddy) -> None:
    """Allowed or not, nothing in the message says whether a port is open."""
    closed = refusal("http://127.0.0.1:9")
    assert closed.startswith("Could not reach 127.0.0.1:9.")


@pytest.mark.parametrize(
    ("typed", "address"),
    [
        ("http://[::1]:8000/api/", "http://[::1]:8000"),
        ("https://[2001:DB8::1]", "https://[2001:db8::1]"),
    ],
)
def test_an_ipv6_literal_address_is_read(typed: str, address: str) -> None:
    assert bb.normalize_base_url(typed) == address


@pytest.mark.parametrize(
    "typed", ["http://[::1", "http://[::1]:port", "http://bb.example.org:99999", "http://[zz]/"]
)
def test_a_malformed_address_is_a_clear_refusal(typed: str) -> None:
    with pytest.raises(bb.BabyBuddyError, match="starting with http:// or https://"):
        bb.normalize_base_url(typed)


def test_the_api_refuses_an_ipv6_loopback_url_with_a_422(alice: Member) -> None:
    api = ApiClient(alice)
    for url in ("http://[::1]:8000", "http://[::ffff:127.0.0.1]/", "http://[::1"):
        response = api.post("/import/babybuddy", {"base_url": url, "token": KEY})
        assert response.status == 422, (url, response.body)
        assert "base_url" in response.error["fields"]
    assert not ImportJob.objects.exists()
