"""Who may do what: the role predicates every app's `rules.py` builds its permissions from.

Access control lives in one layer (django-rules): views ask ``user.has_perm(name, obj)`` and
never test roles themselves. SPEC section 1 gives the roles.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import rules

from inspectorate.forces.models import Force
from inspectorate.inspections.models import Inspection, State

from .models import Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from .models import User

STAFF_ROLES = {Role.INSPECTOR, Role.LEAD_INSPECTOR, Role.MODERATOR, Role.ADMIN}


def _role(user: User | AnonymousUser) -> str | None:
    return getattr(user, "role", None) if getattr(user, "is_authenticated", False) else None


@rules.predicate
def is_inspectorate_staff(user: User | AnonymousUser) -> bool:
    return _role(user) in STAFF_ROLES


@rules.predicate
def is_inspector(user: User | AnonymousUser) -> bool:
    return _role(user) in {Role.INSPECTOR, Role.LEAD_INSPECTOR}


@rules.predicate
def is_lead_inspector(user: User | AnonymousUser) -> bool:
    return _role(user) == Role.LEAD_INSPECTOR


@rules.predicate
def is_moderator(user: User | AnonymousUser) -> bool:
    return _role(user) == Role.MODERATOR


@rules.predicate
def is_admin(user: User | AnonymousUser) -> bool:
    return _role(user) == Role.ADMIN


@rules.predicate
def is_force_liaison(user: User | AnonymousUser) -> bool:
    return _role(user) == Role.FORCE_LIAISON


def inspection_of(obj: Any) -> Inspection | None:
    """The inspection an object belongs to (an inspection is its own)."""
    if obj is None:
        return None
    if isinstance(obj, Inspection):
        return obj
    inspection = getattr(obj, "inspection", None)
    return inspection if isinstance(inspection, Inspection) else None


def force_id_of(obj: Any) -> int | None:
    """The force an object belongs to: a force itself, or anything with a force or an inspection."""
    if obj is None:
        return None
    if isinstance(obj, Force):
        return int(obj.pk)
    if getattr(obj, "force_id", None) is not None:
        return int(obj.force_id)
    inspection = inspection_of(obj)
    return int(inspection.force_id) if inspection is not None else None


@rules.predicate
def is_on_inspection_team(user: User | AnonymousUser, obj: Any) -> bool:
    """An inspector or lead inspector assigned to the object's inspection."""
    inspection = inspection_of(obj)
    if inspection is None or not is_inspector(user) or not user.is_authenticated:
        return False
    return bool(inspection.lead_id == user.pk or inspection.team.filter(pk=user.pk).exists())


@rules.predicate
def is_lead_of_inspection(user: User | AnonymousUser, obj: Any) -> bool:
    inspection = inspection_of(obj)
    return inspection is not None and is_lead_inspector(user) and inspection.lead_id == user.pk


@rules.predicate
def is_liaison_for_force(user: User | AnonymousUser, obj: Any) -> bool:
    """A force liaison officer acting for the object's own force."""
    force_id = force_id_of(obj)
    return bool(is_force_liaison(user) and force_id is not None and getattr(user, "force_id", None) == force_id)


@rules.predicate
def is_published(user: User | AnonymousUser, obj: Any) -> bool:
    inspection = inspection_of(obj)
    return inspection is not None and inspection.state == State.PUBLISHED


@rules.predicate
def is_in_factual_accuracy_check(user: User | AnonymousUser, obj: Any) -> bool:
    inspection = inspection_of(obj)
    return inspection is not None and inspection.state == State.FACTUAL_ACCURACY
