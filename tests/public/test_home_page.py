"""The public home page: the 2007 programme, the national summary, the 43 forces, Bedfordshire's grades."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client

from inspectorate.inspections.models import Inspection, State


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_home_page_is_public_and_shows_the_programme(reference: None, client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    text = _text(response.content.decode())
    assert "2007 inspection programme" in text
    assert "April 2006" in text and "July 2007" in text and "October 2007" in text


def test_home_page_shows_the_published_national_counts(reference: None, client: Client) -> None:
    html = client.get("/").content.decode()
    table = html[html.index('class="national-summary"'):]
    table = table[: table.index("</table>")]
    rows = {
        _text(name).strip(): [int(n) for n in re.findall(r'<td class="num">(\d+)</td>', cells)]
        for name, cells in re.findall(r'<th scope="row">(.*?)</th>(.*?)</tr>', table, flags=re.S)
    }
    assert rows["Neighbourhood Policing"] == [6, 14, 21, 2]
    assert rows["Performance management"] == [6, 29, 8, 0]
    assert len(rows) == 6
    assert all(sum(counts) == 43 for counts in rows.values())


def test_home_page_names_bedfordshire_with_its_six_grades(reference: None, client: Client) -> None:
    text = _text(client.get("/").content.decode())
    assert "Bedfordshire Police" in text
    section = text[re.search(r"Bedfordshire Police ?: grades", text).start():]  # type: ignore[union-attr]
    for framework, grade in [("Neighbourhood Policing", "Poor"), ("Child abuse", "Fair"),
                             ("Domestic violence", "Poor"), ("Missing persons", "Fair")]:
        assert re.search(rf"{framework} {grade}", section, flags=re.I), (framework, grade)


def test_home_page_lists_the_43_forces(reference: None, client: Client) -> None:
    text = _text(client.get("/").content.decode())
    forces = text[text.index(" Forces "):]
    assert "Avon and Somerset Constabulary" in forces and "Dyfed-Powys Police" in forces


def test_a_later_programme_of_made_up_forces_does_not_take_the_home_page(
        forces: dict[str, Any], make_programme: Any, client: Client) -> None:
    # The demo's made-up programmes (the PEEL 2026 demonstration) are published later than 2007: the home
    # page's "how many of the 43 Home Office forces ... as published" stays the real programme's.
    later = make_programme("made-up-later", year=2026)
    Inspection.objects.create(force=forces["wealdmoor"], programme=later, state=State.PUBLISHED)
    text = _text(client.get("/").content.decode())
    assert "2007 inspection programme: forces were assessed from April 2006" in text
    assert f"{later.title}: forces were assessed" not in text


def test_the_footer_calls_made_up_data_made_up(reference: None, client: Client) -> None:
    text = _text(client.get("/").content.decode())
    assert "made-up forces used for demonstration are marked as made-up" in text
    assert "synthetic" not in text.lower()
