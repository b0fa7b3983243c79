"""Addresses that moved keep working: each old public path redirects permanently to its new home."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("old", "new"), [
    ("/national/test-2008/moderation/", "/moderation/test-2008/"),
    ("/national/test-2008/moderation/inconsistencies/", "/moderation/test-2008/inconsistencies/"),
    ("/national/test-2008/moderation/comparison/", "/moderation/test-2008/comparison/"),
    ("/api/", "/opendata/"),
    ("/api/docs/", "/opendata/docs/"),
    ("/api/downloads/judgements.csv", "/opendata/downloads/judgements.csv"),
    ("/api/downloads/recommendations.json?framework=x", "/opendata/downloads/recommendations.json?framework=x"),
])
def test_an_old_address_redirects_permanently_to_the_new_one(client: Client, old: str, new: str) -> None:
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new


def test_the_new_addresses_are_served_where_they_say() -> None:
    client = Client()
    assert client.get("/opendata/").status_code == 200
    assert client.get("/opendata/downloads/judgements.csv").status_code == 200
    assert client.get("/opendata/docs/").status_code == 200
