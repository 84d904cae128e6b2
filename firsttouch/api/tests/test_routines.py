"""The routine library, read-only: all routines, suggestions for a baby, one routine."""

from __future__ import annotations

from firsttouch.massage.content import library
from firsttouch.massage.services import suggest_routines
from tests.cast import make_baby

from .helpers import ApiClient


def test_it_lists_the_whole_library(api: ApiClient) -> None:
    response = api.get("/routines")
    assert response.status == 200
    assert [r["slug"] for r in response.body] == [r.slug for r in library().routines]
    first = response.body[0]
    assert first["steps"][0]["region"]
    assert first["may_help"].startswith("May help")


def test_with_a_baby_it_lists_the_suggestions_for_her_corrected_age(
    api: ApiClient, alice, mia
) -> None:
    preterm = make_baby(alice.family, "Ivy", age_days=10, gestational_weeks=28)
    for baby in (mia, preterm):
        response = api.get("/routines", {"baby": baby.pk})
        assert response.status == 200
        assert [r["slug"] for r in response.body] == [r.slug for r in suggest_routines(baby)]
    assert (
        api.get("/routines", {"baby": mia.pk}).body
        != api.get("/routines", {"baby": preterm.pk}).body
    )


def test_it_reads_one_routine(api: ApiClient) -> None:
    routine = library().routines[0]
    response = api.get(f"/routines/{routine.slug}")
    assert response.status == 200
    assert response.body["title"] == routine.title
    assert len(response.body["steps"]) == len(routine.steps)


def test_an_unknown_routine_is_404(api: ApiClient) -> None:
    response = api.get("/routines/no-such-routine")
    assert response.status == 404
    assert response.error["code"] == "not_found"
