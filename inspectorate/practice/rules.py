"""Who may read developing practice: anyone, once its report is published (SPEC sections 1 and 12)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import rules

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from inspectorate.accounts.models import User

    from .models import DevelopingPractice


@rules.predicate
def is_public_example(user: User | AnonymousUser, example: DevelopingPractice | None) -> bool:
    """Submitted on its own, or with a report that has been published."""
    inspection = getattr(example, "inspection", None)
    return inspection is None or inspection.state == "published"


rules.add_perm("practice.view_library", rules.always_allow)
rules.add_perm("practice.view_example", is_public_example)
