"""``{{ grade|grade_badge }}``: a grade as a GOV.UK tag, coloured by the grade classes of ``grades.css``
(the published report's badge, ``inspectorate.core.grades``, uses the same classes)."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from inspectorate.core.grades import NOT_GRADED, grade_class

register = template.Library()


@register.filter
def grade_badge(grade: str | None) -> SafeString:
    """The grade's word in a tag of its grade's colour (never colour alone); none: "Not graded"."""
    return format_html('<strong class="govuk-tag grade {}">{}</strong>',
                       grade_class(grade) if grade else "grade-none", grade or NOT_GRADED)
