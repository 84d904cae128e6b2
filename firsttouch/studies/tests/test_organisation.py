"""A study belongs to the organisation that runs it: the admin's form will not save one without."""

from __future__ import annotations

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory

from firsttouch.accounts.models import User
from firsttouch.programs.models import Organisation, OrganisationKind
from firsttouch.studies.models import Study

pytestmark = pytest.mark.django_db


def _form_data(**extra: object) -> dict[str, object]:
    return {
        "title": "Massage and EPDS",
        "target_size": 60,
        "stratification_factors": "[]",
        "block_multiples": "[]",
        "status": "draft",
        "eligibility": "[]",
        "schedule": "[]",
        **extra,
    }


def test_the_admin_form_requires_the_organisation() -> None:
    request = RequestFactory().get("/")
    request.user = User.objects.create_superuser("root@example.org", "root@example.org", "x")
    form_class = site._registry[Study].get_form(request)
    form = form_class(data=_form_data())
    assert not form.is_valid()
    assert "organisation" in form.errors
    group = Organisation.objects.create(
        name="Perinatal research group",
        kind=OrganisationKind.RESEARCH_GROUP,
        contact_email="trial@example.org",
    )
    form = form_class(data=_form_data(organisation=group.pk))
    assert form.is_valid(), form.errors
    assert form.save().organisation == group
    assert list(Study.objects.filter(organisation=group)) == [Study.objects.get()]
