import pytest
from django.http import Http404

from firsttouch.babies.models import Baby
from firsttouch.core.scoping import get_scoped_or_404, scoped
from tests.cast import Member


def test_scoped_lists_only_the_familys_rows(alice, mia, bob, leo) -> None:
    assert list(scoped(Baby, alice.family)) == [mia]
    assert list(scoped(Baby, bob.family)) == [leo]


def test_no_family_sees_nothing(mia) -> None:
    assert list(scoped(Baby, None)) == []


def test_another_familys_row_is_not_found(alice, bob, leo) -> None:
    with pytest.raises(Http404):
        get_scoped_or_404(Baby, alice.family, pk=leo.pk)
    with pytest.raises(Http404):
        get_scoped_or_404(Baby, alice.family, pk="not-a-number")


def test_fetching_by_id_is_scoped(alice: Member, bob: Member, mia: Baby) -> None:
    assert get_scoped_or_404(Baby, alice.family, pk=mia.pk) == mia
    with pytest.raises(Http404):
        get_scoped_or_404(Baby, bob.family, pk=mia.pk)
    with pytest.raises(Http404):
        get_scoped_or_404(Baby, None, pk=mia.pk)
    with pytest.raises(Http404):
        get_scoped_or_404(Baby, alice.family, pk="not a number")
