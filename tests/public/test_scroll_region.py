"""Wide tables scroll in a labelled, focusable region of their own, drawn by the templates (no script)."""

from __future__ import annotations

import re
from pathlib import Path

from django.template import Context, Template

TEMPLATES = Path(__file__).resolve().parents[2] / "inspectorate" / "templates"
SITE_JS = Path(__file__).resolve().parents[2] / "inspectorate" / "static" / "js" / "site.js"


def render(source: str, **context: object) -> str:
    return Template("{% load govuk %}" + source).render(Context(context))


def test_a_table_is_wrapped_in_a_region_named_by_its_caption() -> None:
    html = render('{% scroll_region %}<table><caption class="visually-hidden">Grades of {{ force }}</caption>'
                  "<tr><td>1</td></tr></table>{% endscroll_region %}", force="Fenshire & Wealdmoor")
    assert html.startswith('<div class="table-scroll" role="region" aria-label="Grades of Fenshire &amp; Wealdmoor"'
                           ' tabindex="0"><table>')
    assert html.endswith("</table></div>")


def test_a_table_labelled_by_a_heading_lends_the_region_its_label() -> None:
    html = render('{% scroll_region %}<table aria-labelledby="signals-heading"><tr><td>1</td></tr></table>'
                  "{% endscroll_region %}")
    assert '<div class="table-scroll" role="region" aria-labelledby="signals-heading" tabindex="0">' in html


def test_a_frozen_report_body_has_each_table_wrapped_and_its_text_unchanged() -> None:
    body = "<p>Intro</p><table><caption>Summary</caption></table><p>Between</p><table><tr><td>x</td></tr></table>"
    html = render("{{ body|scroll_tables }}", body=body)
    assert html.count('role="region"') == 2 and 'aria-label="Summary"' in html and 'aria-label="Table"' in html
    assert re.sub(r"</?div[^>]*>", "", html) == body


def test_every_table_of_every_template_sits_in_a_scroll_region_and_no_script_wraps_them() -> None:
    unwrapped = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text()
        for match in re.finditer(r"<table\b", text):
            if not text[:match.start()].rstrip().endswith("{% scroll_region %}"):
                unwrapped.append(f"{path.relative_to(TEMPLATES)}:{text[:match.start()].count(chr(10)) + 1}")
    assert not unwrapped, f"tables outside {{% scroll_region %}}: {unwrapped}"
    assert "table-scroll" not in SITE_JS.read_text()
