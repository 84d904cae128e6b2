"""Consent: what a caregiver lets an organisation see, and the one question staff code asks.

``consented_categories`` is the only way staff code learns what it may read. Consent belongs
to the caregiver who gives it (docs/decisions/0005-organisations-consent-audit.md): it covers her
family's shared data (massage sessions, the baby's logs, notes) and her own screenings and
mood, never another caregiver's. A consent row is never edited: a change of categories
revokes the row and creates a new one, with the text she was shown that time.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import BaseModel, ConfigDict, field_validator

from firsttouch.accounts.models import Family, User
from firsttouch.core.content import CONTENT_DIR, load_content

from .models import (
    FAMILY_CATEGORIES,
    Consent,
    ConsentCategory,
    Organisation,
    normalise_join_code,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

CONSENT_FILE = CONTENT_DIR / "consent.toml"
CATEGORY_NAMES = frozenset(c.value for c in ConsentCategory)


class ConsentError(Exception):
    """A join or consent that cannot be done; the message is shown to her as it is."""


class ConsentText(BaseModel):
    """content/consent.toml: the versioned text and what each category holds."""

    model_config = ConfigDict(extra="forbid")

    version: str
    text: str
    categories: dict[str, str]

    @field_validator("version", "text")
    @classmethod
    def not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be empty")
        return value.strip()

    @field_validator("categories")
    @classmethod
    def every_category_described(cls, value: dict[str, str]) -> dict[str, str]:
        if set(value) != CATEGORY_NAMES:
            raise ValueError(f"must describe exactly these categories: {sorted(CATEGORY_NAMES)}")
        return value

    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.text.split("\n\n") if p.strip()]


@lru_cache(maxsize=1)
def current_text() -> ConsentText:
    """The consent text in force; a broken file stops start-up (``ProgramsConfig.ready``)."""
    return load_content(ConsentText, CONSENT_FILE)


def find_organisation(code: str) -> Organisation:
    """The organisation whose join code this is, however it was typed."""
    normalised = normalise_join_code(code)
    organisation = Organisation.objects.filter(join_code=normalised).first() if normalised else None
    if organisation is None:
        raise ConsentError(
            _(
                "We could not find an organisation with that code. "
                "Check it with your clinic or class and try again."
            )
        )
    return organisation


def active_consent(caregiver: User, organisation: Organisation) -> Consent | None:
    return Consent.objects.active().filter(caregiver=caregiver, organisation=organisation).first()


def active_consents(caregiver: User) -> list[Consent]:
    return list(
        Consent.objects.active()
        .filter(caregiver=caregiver)
        .select_related("organisation")
        .order_by("consented_at", "pk")
    )


def give_consent(
    caregiver: User,
    organisation: Organisation,
    categories: Iterable[str],
    text: ConsentText | None = None,
) -> Consent:
    """Consent to ``categories`` with ``organisation``, replacing any consent she had there.

    The old row is revoked, not edited, in the same transaction as the new one is created, so
    staff never see a moment with both or with neither. At least one category: consenting to
    nothing is what stopping is for.
    """
    chosen = set(categories)
    unknown = chosen - CATEGORY_NAMES
    if unknown:
        raise ConsentError(f"Unknown categories: {', '.join(sorted(unknown))}.")
    if not chosen:
        raise ConsentError(_("Tick at least one kind of data to share, or stop sharing instead."))
    text = text or current_text()
    membership = getattr(caregiver, "membership", None)
    try:
        with transaction.atomic():
            previous = (
                Consent.objects.active()
                .select_for_update()
                .filter(caregiver=caregiver, organisation=organisation)
                .first()
            )
            if previous is not None:
                revoke(previous)
            return Consent.objects.create(
                caregiver=caregiver,
                family=membership.family if membership else None,
                organisation=organisation,
                consent_version=text.version,
                consent_text=text.text,
                **{name: name in chosen for name in CATEGORY_NAMES},
            )
    except IntegrityError as exc:  # a double tap racing itself
        raise ConsentError(
            _(
                "Your choice for %(organisation)s changed at the same moment. "
                "Look at your sharing page and try again."
            )
            % {"organisation": organisation.name}
        ) from exc


def revoke(consent: Consent) -> None:
    """Stop at once: staff code asks ``consented_categories`` on every read, so the next read
    after this is refused. Alerts already recorded stay with the organisation."""
    if consent.revoked_at is None:
        consent.revoked_at = timezone.now()
        consent.save(update_fields=["revoked_at"])


def consented_categories(organisation: Organisation, family_or_mother: Family | User) -> set[str]:
    """What ``organisation``'s staff may see now: THE one way staff code asks.

    For a family: the family categories any of its caregivers consents to, plus screenings and
    mood when at least one caregiver shares her own (ask per caregiver before showing whose).
    For a caregiver: what she consents to for her own data and her family's.
    """
    consents = Consent.objects.active().filter(organisation=organisation)
    if isinstance(family_or_mother, Family):
        consents = consents.filter(
            family=family_or_mother, caregiver__membership__family=family_or_mother
        )
    else:
        consents = consents.filter(caregiver=family_or_mother)
    found: set[str] = set()
    for consent in consents:
        found |= consent.categories
    return found


def family_categories(categories: set[str]) -> set[str]:
    """The part of ``categories`` that is the family's shared data (not one person's own)."""
    return categories & FAMILY_CATEGORIES
