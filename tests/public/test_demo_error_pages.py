"""`make demo` runs with DEBUG off, as a visitor sees the site: the project's own 404 and 500 pages,
and static files served by whitenoise straight from the project (no collectstatic)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db

MAKEFILE = Path(__file__).resolve().parent.parent.parent / "Makefile"


def test_make_demo_runs_with_debug_off() -> None:
    assert re.search(r"^demo: export DEBUG = 0$", MAKEFILE.read_text(encoding="utf-8"), re.MULTILINE)


@override_settings(DEBUG=False)
def test_with_debug_off_a_missing_page_is_the_project_s_own_404_and_static_files_are_served() -> None:
    client = Client(raise_request_exception=False)
    response = client.get("/no-such-page/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in page and "URLconf" not in page and "DEBUG = True" not in page
    stylesheet = client.get("/static/css/site.css")
    assert stylesheet.status_code == 200 and b"".join(stylesheet.streaming_content)  # whitenoise, from the finders


@override_settings(DEBUG=False, ROOT_URLCONF="tests.public.failing_urls")
def test_with_debug_off_an_error_is_the_project_s_own_500() -> None:
    client = Client(raise_request_exception=False)
    response = client.get("/fails/")
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()
    assert "Traceback" not in response.content.decode()
