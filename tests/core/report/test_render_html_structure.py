"""render_html: the report's parts in SPEC section 5 order, as semantic, accessible HTML."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from render_samples import Element

from inspectorate.core.report.html import PRACTICE_NOTICE, render_html
from inspectorate.core.report.model import Report

Parse = Callable[[str], Element]


def _headings(root: Element) -> list[tuple[int, str]]:
    return [(int(el.tag[1]), el.text()) for el in root.iter() if re.fullmatch(r"h[1-6]", el.tag)]


def _section_of(root: Element, heading_text: str) -> Element:
    heading = next(el for el in root.iter() if re.fullmatch(r"h[1-6]", el.tag) and el.text() == heading_text)
    assert heading.parent is not None
    return heading.parent


def test_headings_descend_one_level_at_a_time_under_a_single_h1(sample_report: Report, html_tree: Parse) -> None:
    headings = _headings(html_tree(render_html(sample_report)))
    assert [level for level, _ in headings].count(1) == 1
    assert headings[0] == (1, "Inspection Report Harrowmere Constabulary")
    for (before, _), (after, text) in zip(headings, headings[1:], strict=False):
        assert after <= before + 1, f"heading {text!r} skips a level"


def test_parts_come_in_the_published_order(sample_report: Report, html_tree: Parse) -> None:
    h2 = [text for level, text in _headings(html_tree(render_html(sample_report))) if level == 2]
    assert h2 == ["Contents", "Introduction to the inspections", "Force Overview and Context", "Findings",
                  "Recommendations", "Appendix: Glossary of Terms and Abbreviations"]
    h3 = [text for level, text in _headings(html_tree(render_html(sample_report))) if level == 3]
    assert h3[2:8] == ["National summary of judgements", "Force summary of judgements", "Neighbourhood Policing",
                       "Performance Management", "Protecting Vulnerable People – Overview",
                       "Protecting Vulnerable People – Child Abuse"]


def test_cover_gives_title_force_month_isbn_and_copyright(sample_report: Report, html_tree: Parse) -> None:
    cover = next(html_tree(render_html(sample_report)).iter("header"))
    text = cover.text()
    for expected in ("Inspection Report", "Harrowmere Constabulary", "May 2008", "ISBN: 978-0-00-000000-0",
                     "© Crown copyright 2008"):
        assert expected in text
    assert next(cover.iter("time")).attrs["datetime"] == "2008-05"


def test_contents_link_to_every_part_and_framework(sample_report: Report, html_tree: Parse) -> None:
    root = html_tree(render_html(sample_report))
    ids = [el.attrs["id"] for el in root.iter() if "id" in el.attrs]
    assert len(ids) == len(set(ids)), "ids are unique"
    nav = next(root.iter("nav"))
    links = {a.text(): a.attrs["href"] for a in nav.iter("a")}
    assert "Protecting Vulnerable People – Child Abuse" in links and "How grades are given" in links
    for href in links.values():
        assert href[1:] in ids


def test_skip_link_only_on_the_standalone_page(sample_report: Report, html_tree: Parse) -> None:
    page = render_html(sample_report)
    root = html_tree(page)
    skip = next(a for a in root.iter("a") if "skip-link" in a.classes())
    first_part = next(el for el in root.iter("h2") if el.text() == "Introduction to the inspections")
    assert skip.attrs["href"] == f"#{first_part.attrs['id']}"
    assert page.startswith("<!DOCTYPE html>") and '<html lang="en-GB">' in page and "@media print" in page
    fragment = render_html(sample_report, standalone=False)
    assert fragment.startswith("<article") and fragment.rstrip().endswith("</article>")
    assert "skip-link" not in fragment and "<html" not in fragment


def test_every_table_has_a_caption_and_header_cells(sample_report: Report, html_tree: Parse) -> None:
    tables = list(html_tree(render_html(sample_report)).iter("table"))
    assert len(tables) == 5  # two summaries and three distributions
    for table in tables:
        assert list(table.iter("caption"))
        headers = list(table.iter("th"))
        assert headers and all(th.attrs.get("scope") in {"col", "row", "rowgroup"} for th in headers)


def test_national_summary_groups_the_pvp_components(sample_report: Report, html_tree: Parse) -> None:
    table = next(html_tree(render_html(sample_report)).iter("table"))
    rows = [(tr.text(), tr.classes()) for tr in table.iter("tr")]
    assert rows[0][0] == "Framework Excellent Good Fair Poor"
    assert rows[1][0] == "Neighbourhood Policing 5 15 20 3"
    assert ("Protecting vulnerable people", {"group-row"}) in rows
    assert rows[-1] == ("Child abuse 2 18 21 2", {"in-group"})
    group = next(th for th in table.iter("th") if th.attrs.get("scope") == "rowgroup")
    assert group.attrs["colspan"] == "5"


def test_recommendation_follows_the_finding_that_raised_it(sample_report: Report, html_tree: Parse) -> None:
    work = _section_of(html_tree(render_html(sample_report)), "Work in progress")
    blocks = [child.text() for child in work.children if isinstance(child, Element) and child.tag != "h4"]
    assert blocks == ["A new engagement plan is being written.", "The plan has not yet been costed.",
                      "Recommendation 1 That the force costs its engagement plan.",
                      "Training for PCSOs starts in the autumn."]
    areas = _section_of(html_tree(render_html(sample_report)), "Areas for improvement")
    assert [c.text() for c in areas.children if isinstance(c, Element)][-1].startswith("Recommendation 2 ")


def test_list_items_become_lists_that_keep_their_marker(sample_report: Report, html_tree: Parse) -> None:
    strengths = _section_of(html_tree(render_html(sample_report)), "Strengths")
    lists = list(strengths.iter("ul"))
    assert len(lists) == 1 and "list-hyphen" in lists[0].classes()
    assert [li.text() for li in lists[0].iter("li")] == ["PCSOs patrol every ward;", "each team has a named sergeant."]


def test_grades_distribution_and_chart_in_each_graded_framework(sample_report: Report, html_tree: Parse) -> None:
    root = html_tree(render_html(sample_report))
    np = _section_of(root, "Neighbourhood Policing")
    assert next(p for p in np.iter("p") if "grade-line" in p.classes()).text() == "Grade Good"
    distribution = _section_of(root, "National grade distribution")
    assert [td.text() for td in distribution.iter("td")] == ["5", "15", "20", "3"]
    svg = next(distribution.iter("svg"))
    assert svg.attrs["role"] == "img" and "This force" in svg.text()


def test_pvp_overview_has_no_grade(sample_report: Report, html_tree: Parse) -> None:
    overview = _section_of(html_tree(render_html(sample_report)), "Protecting Vulnerable People – Overview")
    assert not [p for p in overview.iter("p") if "grade-line" in p.classes()]
    assert not list(overview.iter("table")) and not list(overview.iter("svg"))


def test_developing_practice_follows_its_framework_and_is_marked(sample_report: Report, html_tree: Parse) -> None:
    root = html_tree(render_html(sample_report))
    np = _section_of(root, "Neighbourhood Policing")
    practice = next(s for s in np.iter("section") if "developing-practice" in s.classes())
    assert np.children.index(practice) > np.children.index(_section_of(root, "Areas for improvement"))
    text = practice.text()
    assert "Title: Street surgeries in market towns" in text and PRACTICE_NOTICE in text
    labels = [h6.text() for h6 in practice.iter("h6")]
    assert labels == ["Problem:", "Solution:", "Outcome(s):", "Force contact:"]
    assert "developing-practice" not in render_html(sample_report).split('id="framework-performance-management"')[1]


def test_recommendations_are_grouped_by_framework_and_pvp_component(sample_report: Report, html_tree: Parse) -> None:
    part = _section_of(html_tree(render_html(sample_report)), "Recommendations")
    headings = [(int(el.tag[1]), el.text()) for el in part.iter() if re.fullmatch(r"h[3-4]", el.tag)]
    assert headings == [(3, "Neighbourhood Policing"), (3, "Protecting vulnerable people"), (4, "Child abuse")]
    labels = [p.text() for p in part.iter("p") if "recommendation-label" in p.classes()]
    assert labels == ["Recommendation 1", "Recommendation 2", "Recommendation 3"]


def test_glossary_is_grouped_by_initial_letter(sample_report: Report, html_tree: Parse) -> None:
    glossary = _section_of(html_tree(render_html(sample_report)), "Appendix: Glossary of Terms and Abbreviations")
    assert [h3.text() for h3 in glossary.iter("h3")] == ["I", "P"]
    assert [dt.text() for dt in glossary.iter("dt")] == ["IS&T", "PACT", "PCSO"]


def test_all_text_is_escaped(sample_report: Report) -> None:
    page = render_html(sample_report)
    assert "figures &lt;in time&gt;." in page and "IS&amp;T" in page and "<in time>" not in page


@pytest.mark.parametrize("standalone", [True, False])
def test_synthetic_banner_says_the_force_is_made_up(sample_report: Report, html_tree: Parse, standalone: bool) -> None:
    root = html_tree(render_html(sample_report, standalone=standalone, synthetic=True))
    article = next(root.iter("article"))
    banner = next(el for el in article.children if isinstance(el, Element))
    assert "synthetic-banner" in banner.classes() and banner.attrs["role"] == "note"
    assert "Made-up demonstration data: Harrowmere Constabulary is a made-up force." in banner.text()
    assert all("Made-up demonstration data" in desc.text() for desc in root.iter("desc"))
    assert 'class="synthetic-banner"' not in render_html(sample_report, standalone=standalone)
