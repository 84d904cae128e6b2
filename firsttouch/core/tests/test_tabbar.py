"""The phone's tab bar marks exactly one tab as the current page, the right one."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from firsttouch.babies.models import Baby
from firsttouch.core.context_processors import section_of
from tests.cast import PASSWORD, Member

pytestmark = pytest.mark.django_db

CURRENT = re.compile(r'<a href="[^"]*" aria-current="page">(?:<svg.*?</svg>)?(\w+)</a>', re.S)


@pytest.mark.parametrize(
    ("path", "tab"),
    [
        ("/baby/{mia}/", "Today"),
        ("/insights/{mia}/", "Today"),
        ("/massage/", "Massage"),
        ("/log/", "Log"),
        ("/wellbeing/", "You"),
        ("/selfcare/", "You"),
    ],
)
def test_one_tab_is_current(alice: Member, mia: Baby, path: str, tab: str) -> None:
    client = Client()
    assert client.login(username=alice.user.email, password=PASSWORD)
    response = client.get(path.format(mia=mia.pk), follow=True)
    assert response.status_code == 200
    nav = response.content.decode().split('class="tabbar"', 1)[1].split("</nav>", 1)[0]
    assert CURRENT.findall(nav) == [tab]


def test_a_page_outside_every_tab_marks_none() -> None:
    assert section_of("accounts", "settings") is None
    assert section_of("", "login") is None
    assert section_of("", "baby") == "today"
