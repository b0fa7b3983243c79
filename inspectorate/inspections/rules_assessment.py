"""Who may set a framework's final grade; the rest of the assessment page uses `rules.py`'s permissions.

Reading the page is `inspections.view_grades` (the inspection's team, moderators, administrators);
assessing criteria and recording evidence for Excellent is `inspections.assess_criteria` (the
team, while the lifecycle allows assessment). Force liaison officers and the public hold neither,
so they never see a grade before publication. Imported by `inspections/rules.py` and by
`views_assessment.py`, so it is registered whichever loads first.
"""

from __future__ import annotations

from typing import Any

import rules

from inspectorate.accounts.predicates import inspection_of, is_lead_of_inspection

from .lifecycle import ASSESSMENT_STATES


@rules.predicate
def grades_may_change(user: Any, obj: Any) -> bool:
    inspection = inspection_of(obj)
    return inspection is not None and inspection.state in ASSESSMENT_STATES


# The lead inspector of this inspection, while grades may change (never once published).
rules.add_perm("inspections.set_final_grade", is_lead_of_inspection & grades_may_change)
