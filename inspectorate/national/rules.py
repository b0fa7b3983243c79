"""Who may read national distributions (SPEC sections 1 and 6)."""

from __future__ import annotations

import rules

from inspectorate.accounts.predicates import is_moderator

# Everyone reads the national summary built from published grades.
rules.add_perm("programmes.view_national_summary", rules.always_allow)
# Final grades of inspections not yet published: moderators only.
rules.add_perm("programmes.view_final_grades", is_moderator)
