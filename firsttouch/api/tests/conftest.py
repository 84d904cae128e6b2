from __future__ import annotations

import pytest

from tests.cast import Member

from .helpers import ApiClient


@pytest.fixture
def api(alice: Member) -> ApiClient:
    """Alice, talking to the API with a bearer token."""
    return ApiClient(alice)


@pytest.fixture
def bob_api(bob: Member) -> ApiClient:
    return ApiClient(bob)
