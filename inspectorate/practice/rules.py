"""Who may read developing practice: anyone, once its report is published (SPEC sections 1 and 12)."""

from __future__ import annotations

from typing import Any

import rules


@rules.predicate
def is_public_example(user: Any, example: Any) -> bool:
    """Submitted on its own, or with a report that has been published."""
    inspection = getattr(example, "inspection", None)
    return inspection is None or inspection.state == "published"


rules.add_perm("practice.view_library", rules.always_allow)
rules.add_perm("practice.view_example", is_public_example)
