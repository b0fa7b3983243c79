"""Every free-text box written out in a template carries a maximum length (the server checks the same limits:
inspectorate/freetext.py); the day-month-year boxes (numbers, checked as a date) are the only exception."""

from __future__ import annotations

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "inspectorate" / "templates"
BOXES = re.compile(r"<(?:textarea|input)\b[^>]*>", re.S)
# Not free text: other kinds of input, a radio or checkbox of a choice field, and the date's number boxes.
NOT_FREE_TEXT = re.compile(r'type="(?:hidden|password|checkbox|radio|file|submit|date|number|email)"'
                           r'|type="\{\{ choice\.data\.type \}\}"|inputmode="numeric"')


def test_every_free_text_box_in_a_template_has_a_maximum_length() -> None:
    missing = [
        f"{path.relative_to(TEMPLATES)}: {box}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for box in BOXES.findall(path.read_text(encoding="utf-8"))
        if not NOT_FREE_TEXT.search(box) and "maxlength" not in box
    ]
    assert not missing, "\n".join(missing)
