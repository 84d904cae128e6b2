"""Refused input: 422 in the one error shape, the field named, and nothing saved."""

from __future__ import annotations

import pytest

from firsttouch.tracking.models import Sleep

from .helpers import ApiClient, ago, iso
from .samples import IDS, SAMPLES, Sample


@pytest.mark.parametrize("sample", SAMPLES, ids=IDS)
def test_it_refuses_a_create_the_model_or_schema_rejects(
    api: ApiClient, mia, sample: Sample
) -> None:
    before = sample.model.objects.count()
    response = api.post(sample.path, sample.invalid(mia))
    assert response.status == 422, response.body
    assert response.error["code"] == "invalid"
    assert sample.bad_field in response.error["fields"], response.error
    assert all(isinstance(m, str) and m for m in response.error["fields"][sample.bad_field])
    assert sample.model.objects.count() == before


@pytest.mark.parametrize("sample", SAMPLES, ids=IDS)
def test_it_refuses_a_body_of_the_wrong_types(api: ApiClient, mia, sample: Sample) -> None:
    before = sample.model.objects.count()
    response = api.post(sample.path, {"baby": "Mia", "name": 7, "birth_date": "soon"})
    assert response.status == 422
    assert response.error["fields"]
    assert sample.model.objects.count() == before


def test_an_end_before_the_start_gets_the_models_sentence(api: ApiClient, mia) -> None:
    response = api.post(
        "/sleep", {"baby": mia.pk, "start": iso(ago(hours=1)), "end": iso(ago(hours=2))}
    )
    assert response.status == 422
    assert response.error["fields"] == {"end": ["The end must be after the start."]}
    assert not Sleep.objects.exists()


def test_an_overlapping_sleep_is_refused_with_the_models_message(api: ApiClient, mia) -> None:
    first = api.post(
        "/sleep", {"baby": mia.pk, "start": iso(ago(hours=3)), "end": iso(ago(hours=1))}
    )
    assert first.status == 201
    response = api.post(
        "/sleep", {"baby": mia.pk, "start": iso(ago(hours=2)), "end": iso(ago(minutes=30))}
    )
    assert response.status == 422
    assert response.error["message"].startswith("This overlaps another sleep that started")
    assert response.error["fields"] == {}
    assert Sleep.objects.count() == 1


def test_a_change_that_breaks_a_rule_leaves_the_row_as_it_was(api: ApiClient, mia) -> None:
    created = api.post(
        "/sleep", {"baby": mia.pk, "start": iso(ago(hours=3)), "end": iso(ago(hours=2))}
    )
    response = api.patch(f"/sleep/{created.body['id']}", {"end": iso(ago(hours=4))})
    assert response.status == 422
    assert "end" in response.error["fields"]
    assert api.get(f"/sleep/{created.body['id']}").body == created.body


def test_bad_list_filters_are_named(api: ApiClient) -> None:
    response = api.get("/sleep", {"since": "yesterday", "limit": 0})
    assert response.status == 422
    assert set(response.error["fields"]) == {"since", "limit"}
