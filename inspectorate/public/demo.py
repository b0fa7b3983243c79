"""The demonstration data `make demo` loads. Everything about an inspection in progress is made up."""

from __future__ import annotations

from django.conf import settings

from inspectorate.accounts.models import Role, User
from inspectorate.forces.models import Force

DEMO_FORCES = [
    ("Fenshire Constabulary", "fenshire-constabulary"),
    ("Wealdmoor Police", "wealdmoor-police"),
]

DEMO_PASSWORD = "inspect-demo-2007"

# username, full name, role, force slug (force liaison officers only)
DEMO_USERS = [
    ("admin", "Alex Admin", Role.ADMIN, None),
    ("moderator", "Morgan Moderator", Role.MODERATOR, None),
    ("lead", "Lee Lead", Role.LEAD_INSPECTOR, None),
    ("inspector", "Indira Inspector", Role.INSPECTOR, None),
    ("liaison", "Lindsay Liaison", Role.FORCE_LIAISON, "fenshire-constabulary"),
    ("liaison-wealdmoor", "Wynn Liaison", Role.FORCE_LIAISON, "wealdmoor-police"),
]


def ensure_demo_forces() -> list[Force]:
    """The made-up forces demo inspections are about; flagged synthetic on every page."""
    forces = []
    for name, slug in DEMO_FORCES:
        force, _ = Force.objects.update_or_create(
            slug=slug, defaults={"name": name, "country": "England", "is_synthetic": True}
        )
        forces.append(force)
    return forces


def ensure_demo_users() -> list[tuple[str, str, str]]:
    """One user per role; returns (username, password, role label) for printing."""
    logins = []
    for username, full_name, role, force_slug in DEMO_USERS:
        first, last = full_name.split(" ", 1)
        user, created = User.objects.get_or_create(username=username)
        user.first_name, user.last_name, user.role = first, last, role
        user.email = f"{username}@example.org"
        user.force = Force.objects.get(slug=force_slug) if force_slug else None
        user.is_staff = role == Role.ADMIN
        user.is_superuser = role == Role.ADMIN
        if created:
            user.set_password(DEMO_PASSWORD)
        user.save()
        logins.append((username, DEMO_PASSWORD, Role(role).label))
    return logins


SEED_REPORT = settings.BASE_DIR.parent / "shared" / "seed" / "hmic-inspection-report-bedfordshire-2007.txt"
