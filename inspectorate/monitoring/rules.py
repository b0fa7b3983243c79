"""Who may do what in monitoring (SPEC sections 1, 8 and 12).

Signals, the risk register and the proposed programme are internal: inspectorate staff only, never
a force liaison officer or the public. Views ask ``user.has_perm(...)`` and never test roles.
"""

from __future__ import annotations

import rules

from inspectorate.accounts.predicates import (
    is_admin,
    is_inspector,
    is_inspectorate_staff,
    is_lead_inspector,
    is_moderator,
)

# Reading: signals, the risk register, the proposed programme, a force's charts with its signals.
rules.add_perm("performance.view_monitoring", is_inspectorate_staff)
# Acting on a signal (review, then dismiss or escalate): inspectors, lead inspectors and moderators.
rules.add_perm("performance.act_on_signal", is_inspector | is_moderator)
# Running the core over the observations held: national oversight and administrators (who load data).
rules.add_perm("performance.run_monitoring", is_moderator | is_admin)
# Proposing a programme from the register, and accepting or declining its proposals: moderators.
rules.add_perm("performance.propose_programme", is_moderator)
rules.add_perm("performance.decide_proposal", is_moderator)
# Starting a new baseline for a force's indicator (a recorded decision, with a reason): it takes a
# decline out of the risk register, so lead inspectors and moderators only, not every inspector.
rules.add_perm("performance.rebase_series", is_lead_inspector | is_moderator)
