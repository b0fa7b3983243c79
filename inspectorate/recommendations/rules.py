"""Who may do what with recommendation follow-up (SPEC sections 1 and 7).

Objects are ``FollowUp`` (or ``ResponseEvidence``): both lead to their inspection, and so to
their force, which the role predicates read.
"""

from __future__ import annotations

import rules

from inspectorate.accounts.predicates import is_inspectorate_staff, is_liaison_for_force

# Anyone may read the tracker: each published recommendation, its status, target date and history.
rules.add_perm("followup.view_tracker", rules.always_allow)
rules.add_perm("followup.view_follow_up", rules.always_allow)
# A force's responses and evidence: the inspectorate, and the liaison officers of that force.
rules.add_perm("followup.view_responses", is_inspectorate_staff | is_liaison_for_force)
rules.add_perm("followup.view_evidence", is_inspectorate_staff | is_liaison_for_force)
# Only a force's own liaison officers answer its recommendations.
rules.add_perm("followup.respond", is_liaison_for_force)
# Only the inspectorate changes status (including discharging) and sets target dates.
rules.add_perm("followup.change_status", is_inspectorate_staff)
rules.add_perm("followup.set_target_date", is_inspectorate_staff)
