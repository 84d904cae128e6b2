"""Concealed allocation: nothing but enrolment can turn a study into an arm, and the seed
never leaves the server (no route, no admin page, no representation)."""

from __future__ import annotations

import inspect
from types import ModuleType

import pytest
from django.contrib.auth import get_user_model
from django.urls import URLPattern, URLResolver, get_resolver

from firsttouch.studies import (
    admin,
    followup,
    forms,
    models,
    randomisation,
    receivers,
    report,
    services,
    tasks,
)
from firsttouch.studies.views import family, staff
from tests.staff import verified_client

from .helpers import make_study

# The modules that handle studies (randomisation only ever sees a seed: tested below).
MODULES = [services, models, admin, followup, forms, receivers, report, tasks, family, staff]


def public_functions(module: ModuleType) -> dict[str, object]:
    return {
        name: value
        for name, value in vars(module).items()
        if not name.startswith("_")
        and inspect.isfunction(value)
        and value.__module__ == module.__name__
    }


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_only_enrol_takes_a_study_and_makes_an_allocation(module: ModuleType) -> None:
    """A public function that is handed a study may check its strata or record a withdrawal,
    but only ``enrol`` reads the seed: a "preview the next arm" helper would fail here."""
    for name, function in public_functions(module).items():
        source = inspect.getsource(function)  # type: ignore[arg-type]
        reads_seed = ".allocation_seed" in source or '"allocation_seed"' in source
        if reads_seed or "allocation_at(" in source or "allocation_list(" in source:
            assert (module, name) == (services, "enrol"), f"{module.__name__}.{name}"


def test_the_randomisation_functions_take_a_seed_never_a_study() -> None:
    for function in public_functions(randomisation).values():
        params = inspect.signature(function).parameters  # type: ignore[arg-type]
        assert "study" not in params


def test_the_model_has_no_method_that_reads_the_seed() -> None:
    for cls in (models.Study, models.Arm, models.Participant):
        for name, member in vars(cls).items():
            if inspect.isfunction(member):
                source = inspect.getsource(member)
                assert ".allocation_seed" not in source, f"{cls}.{name}"


def test_the_seed_is_not_editable_so_no_form_shows_it() -> None:
    assert models.Study._meta.get_field("allocation_seed").editable is False


@pytest.mark.django_db
def test_no_representation_of_a_study_contains_its_seed() -> None:
    study = make_study()
    seed = bytes(study.allocation_seed)
    for text in (str(study), repr(study)):
        assert seed.hex() not in text and repr(seed) not in text


def _walk(patterns: list[URLPattern | URLResolver]) -> list[str]:
    found = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            found += _walk(pattern.url_patterns)
        else:
            callback = pattern.callback
            found.append(f"{getattr(callback, '__module__', '')}.{pattern.name}")
    return found


def test_every_study_route_is_a_page_whose_rendering_is_checked() -> None:
    """Every route that reaches studies comes from the two view modules, whose every route
    ``test_page_concealment`` renders with two seeds, or is an API route, which
    ``test_page_concealment`` walks by path and answers with two seeds; a page elsewhere
    would fail here until it has such a test."""
    views = [v for v in _walk(get_resolver().url_patterns) if "studies" in v]
    pages = ("firsttouch.studies.views.staff.", "firsttouch.studies.views.family.")
    allowed = ("django.contrib.admin", "ninja.operation.", *pages)
    assert all(v.startswith(allowed) for v in views), views
    assert len([v for v in views if v.startswith(pages)]) == 13


@pytest.mark.django_db
def test_the_admin_never_shows_the_seed() -> None:
    study = make_study()
    seed = bytes(study.allocation_seed)
    user = get_user_model().objects.create_superuser(
        "admin@example.com", "admin@example.com", "x-pass-42"
    )
    client = verified_client(user)
    for url in (
        "/admin/studies/study/",
        f"/admin/studies/study/{study.pk}/change/",
        "/admin/studies/study/add/",
        "/admin/studies/participant/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert "allocation_seed" not in page and "llocation seed" not in page
        assert seed.hex() not in page
        # Nor the key of the exports' date shifts (decision 0012).
        assert "date_shift_key" not in page and bytes(study.date_shift_key).hex() not in page
