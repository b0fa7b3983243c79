"""Who may read the published record: everyone. Only frozen published versions exist to be read."""

from __future__ import annotations

import rules

rules.add_perm("reports.view_published_report", rules.always_allow)
