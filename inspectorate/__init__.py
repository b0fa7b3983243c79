"""inspectorate: the software a police inspectorate runs its inspections with."""
