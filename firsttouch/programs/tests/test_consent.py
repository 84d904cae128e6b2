"""Consent without HTTP: what staff may see, per family and per caregiver, and revocation."""

from __future__ import annotations

from pathlib import Path

import pytest

from firsttouch.core.content import ContentError, load_content
from firsttouch.programs.consent import (
    ConsentError,
    ConsentText,
    consented_categories,
    current_text,
    give_consent,
    revoke,
)
from firsttouch.programs.models import Consent, Organisation
from tests.cast import Member


@pytest.fixture
def clinic(db: None) -> Organisation:
    return Organisation.objects.create(name="Riverside clinic", contact_email="team@river.test")


@pytest.fixture
def other(db: None) -> Organisation:
    return Organisation.objects.create(name="Hilltop NICU", contact_email="nicu@hill.test")


def test_nothing_is_consented_until_she_agrees(alice: Member, clinic: Organisation) -> None:
    assert consented_categories(clinic, alice.family) == set()
    assert consented_categories(clinic, alice.user) == set()


def test_her_categories_are_seen_by_that_organisation_only(
    alice: Member, clinic: Organisation, other: Organisation
) -> None:
    give_consent(alice.user, clinic, {"massage_sessions", "screenings_mood"})
    assert consented_categories(clinic, alice.family) == {"massage_sessions", "screenings_mood"}
    assert consented_categories(clinic, alice.user) == {"massage_sessions", "screenings_mood"}
    assert consented_categories(other, alice.family) == set()


def test_a_partners_consent_covers_the_family_but_not_her_screenings(
    alice: Member, dan: Member, clinic: Organisation
) -> None:
    give_consent(dan.user, clinic, {"baby_logs", "screenings_mood"})
    assert consented_categories(clinic, alice.family) == {"baby_logs", "screenings_mood"}
    assert consented_categories(clinic, dan.user) == {"baby_logs", "screenings_mood"}
    # Dan shares his own screenings, never Alice's.
    assert consented_categories(clinic, alice.user) == set()


def test_revoking_stops_at_once(alice: Member, clinic: Organisation) -> None:
    consent = give_consent(alice.user, clinic, {"notes"})
    revoke(consent)
    assert consented_categories(clinic, alice.family) == set()
    consent.refresh_from_db()
    assert consent.revoked_at is not None  # kept as history


def test_a_caregiver_who_left_the_family_no_longer_shares_it(
    alice: Member, dan: Member, clinic: Organisation
) -> None:
    give_consent(dan.user, clinic, {"baby_logs"})
    dan.membership.delete()
    assert consented_categories(clinic, alice.family) == set()


def test_changing_keeps_one_active_row_and_the_history(alice: Member, clinic: Organisation) -> None:
    give_consent(alice.user, clinic, {"notes"})
    give_consent(alice.user, clinic, {"baby_logs"})
    assert Consent.objects.filter(caregiver=alice.user).count() == 2
    assert Consent.objects.active().get().categories == {"baby_logs"}


@pytest.mark.parametrize("categories", [set(), {"dna"}])
def test_nothing_or_an_unknown_category_is_refused(
    alice: Member, clinic: Organisation, categories: set[str]
) -> None:
    with pytest.raises(ConsentError):
        give_consent(alice.user, clinic, categories)
    assert not Consent.objects.exists()


def test_the_text_she_was_shown_is_stored_with_its_version(
    alice: Member, clinic: Organisation
) -> None:
    text = ConsentText(version="9", text="Old words.", categories=dict(current_text().categories))
    consent = give_consent(alice.user, clinic, {"notes"}, text)
    assert (consent.consent_version, consent.consent_text) == ("9", "Old words.")


def test_the_bundled_text_describes_every_category() -> None:
    text = current_text()
    assert text.version and len(text.paragraphs()) >= 3
    assert set(text.categories) == {"massage_sessions", "baby_logs", "screenings_mood", "notes"}


def test_a_text_missing_a_category_stops_loading(tmp_path: Path) -> None:
    broken = tmp_path / "consent.toml"
    broken.write_text('version = "2"\ntext = "Words."\n[categories]\nnotes = "Notes."\n')
    with pytest.raises(ContentError, match="categories"):
        load_content(ConsentText, broken, tmp_path)
