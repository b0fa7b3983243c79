"""Open data is for everyone (SPEC section 1)."""

from __future__ import annotations

import rules

rules.add_perm("opendata.download", rules.always_allow)
rules.add_perm("opendata.view_api_docs", rules.always_allow)
