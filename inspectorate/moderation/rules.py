"""Who may moderate (SPEC section 1): national moderators see every inspection of a programme."""

from __future__ import annotations

import rules

from inspectorate.accounts.predicates import is_moderator

# The moderation pages: overrides and judgement-required decisions, inconsistencies, comparison.
rules.add_perm("moderation.view", is_moderator)
