"""Finding forces by what a person types: a list's force filter is a text box, not a drop-down of every force."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from .models import Force

MAX_FORCE_TEXT = 120


@dataclass(frozen=True)
class ForceMatch:
    """What a force filter matched: one force (its slug), or every force whose name holds ``part``."""

    slug: str = ""
    part: str = ""

    def q(self, path: str) -> Q:
        """The filter on a list whose force is reached by ``path`` (for example ``"inspection__force"``)."""
        if self.slug:
            return Q(**{f"{path}__slug": self.slug})
        return Q(**{f"{path}__name__icontains": self.part})


def match_force(text: str, among: QuerySet[Force]) -> ForceMatch | None:
    """The forces of ``among`` (those with rows in a list) that ``text`` names: a force whose slug or whole
    name it is, else every force whose name contains it (any case); None where it names none.

    Costs one or two small queries on the forces table whatever the size of the list.
    """
    text = " ".join(text.split())[:MAX_FORCE_TEXT]
    if not text:
        return None
    exact = among.filter(Q(slug__iexact=text) | Q(name__iexact=text)).values_list("slug", flat=True).first()
    if exact is not None:
        return ForceMatch(slug=exact)
    if among.filter(name__icontains=text).exists():
        return ForceMatch(part=text)
    return None
