"""Pure Python core of risk-based monitoring: imports nothing from Django.

XmR charts and their rules (``spc``), peer comparison (``peers``), the risk score (``risk``),
one run of them all (``monitor``), and the readers behind ``inspectorate indicators`` and
``inspectorate monitor``. The method is described in docs/monitoring.md.
"""
