"""Her screenings are hers: Dan sees one only when she shares it; Bob never does."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from firsttouch.wellbeing import services
from firsttouch.wellbeing.models import CaregiverSettings, Response
from tests.cast import Member

FORWARD = {1, 2, 4}


def epds(member: Member, item10: int = 0, finish: bool = True) -> Response:
    chosen = {str(i): 0 if i in FORWARD else 3 for i in range(1, 10)} | {"10": 3 - item10}
    return services.submit(member.user, member.family, "epds", chosen, finish=finish)


def test_dan_gets_404_on_alices_result_until_she_shares_it(alice: Member, dan: Member) -> None:
    response = epds(alice)
    url = reverse("wellbeing:result", args=[response.pk])
    assert dan.client().get(url).status_code == 404
    alice.client().post(reverse("wellbeing:share", args=[response.pk]), {"shared": "1"})
    page = dan.client().get(url)
    assert page.status_code == 200
    assert "Alice's wellbeing check" in page.content.decode()
    assert "Who can see this" not in page.content.decode()  # only she changes it
    alice.client().post(reverse("wellbeing:share", args=[response.pk]), {"shared": "0"})
    assert dan.client().get(url).status_code == 404


def test_bob_always_gets_404(alice: Member, bob: Member) -> None:
    response = epds(alice)
    services.set_shared(response, True)
    assert bob.client().get(reverse("wellbeing:result", args=[response.pk])).status_code == 404
    reply = bob.client().post(reverse("wellbeing:share", args=[response.pk]), {"shared": "0"})
    assert reply.status_code == 404
    response.refresh_from_db()
    assert response.shared_with_family


def test_only_she_can_change_the_sharing(alice: Member, dan: Member) -> None:
    response = epds(alice)
    services.set_shared(response, True)
    reply = dan.client().post(reverse("wellbeing:share", args=[response.pk]), {"shared": "0"})
    assert reply.status_code == 404
    response.refresh_from_db()
    assert response.shared_with_family


def test_a_shared_draft_stays_private(alice: Member, dan: Member) -> None:
    draft = epds(alice, finish=False)
    services.set_shared(draft, True)
    assert dan.client().get(reverse("wellbeing:result", args=[draft.pk])).status_code == 404


def test_a_partner_sees_help_worded_for_him_not_her_message(alice: Member, dan: Member) -> None:
    response = epds(alice, item10=1)
    services.set_shared(response, True)
    page = dan.client().get(reverse("wellbeing:result", args=[response.pk])).content.decode()
    assert page.index('id="safety"') < page.index('id="score"')
    assert "She may need support now" in page
    assert "Thank you for answering honestly" not in page


def test_history_and_overview_list_only_her_own(alice: Member, dan: Member, bob: Member) -> None:
    epds(bob)
    mine = epds(alice)
    page = alice.client().get(reverse("wellbeing:history")).content.decode()
    assert reverse("wellbeing:result", args=[mine.pk]) in page
    assert page.count('href="/wellbeing/checks/') == 1
    assert "No checks yet" in dan.client().get(reverse("wellbeing:history")).content.decode()
    overview = dan.client().get(reverse("wellbeing:overview")).content.decode()
    assert "Shared with you" not in overview


def test_sharing_all_shares_old_and_new_checks(alice: Member, dan: Member) -> None:
    old = epds(alice)
    client = alice.client()
    assert client.post(reverse("wellbeing:share_all"), {"shared": "1"}).status_code == 302
    assert CaregiverSettings.objects.get(user=alice.user).share_screenings_with_family
    old.refresh_from_db()
    assert old.shared_with_family
    reply = client.post(
        reverse("wellbeing:epds"), {f"item-{i}": "0" if i in FORWARD else "3" for i in range(1, 11)}
    )
    new = Response.objects.exclude(pk=old.pk).get()
    assert reply.status_code == 302 and new.shared_with_family
    overview = dan.client().get(reverse("wellbeing:overview")).content.decode()
    assert "Shared with you" in overview
    client.post(reverse("wellbeing:share_all"), {"shared": "0"})
    assert not Response.objects.filter(shared_with_family=True).exists()


def test_bobs_share_all_does_not_touch_alices(alice: Member, bob: Member) -> None:
    mine = epds(alice)
    bob.client().post(reverse("wellbeing:share_all"), {"shared": "1"})
    mine.refresh_from_db()
    assert not mine.shared_with_family


@pytest.mark.parametrize("name", ["overview", "epds", "history"])
def test_pages_need_a_log_in(db: None, name: str) -> None:
    reply = Client().get(reverse(f"wellbeing:{name}"))
    assert reply.status_code == 302 and "/login/" in reply["Location"]
