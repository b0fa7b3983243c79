"""The one refusal every service raises, and who may be acting when no person is.

Every service function refuses what the rules forbid by raising ``ServiceError`` (or a subclass):
its text is shown to the user as it stands. Views turn it into a response in one place
(``inspectorate.middleware.ServiceErrorMiddleware``), the API in another (its exception handler).
``NotPermitted`` is the refusal of someone the permissions do not allow; ``SYSTEM`` is the actor a
command or migration passes when it acts for the system itself.
"""

from __future__ import annotations

from typing import Any, Protocol


class ServiceError(Exception):
    """A write the rules refuse; its text is shown to the user as it stands.

    ``fields`` names the form fields the messages are about (``"__all__"`` for none in particular).
    """

    def __init__(self, message: str = "", *, fields: dict[str, list[str]] | None = None) -> None:
        if not message and fields:
            message = " ".join(m for messages in fields.values() for m in messages)
        super().__init__(message)
        self.message = message
        self.fields = {k: list(v) for k, v in (fields or {}).items()}

    @property
    def messages(self) -> list[str]:
        """Every message, by field or not; none for a refusal raised without one."""
        if self.fields:
            return [m for messages in self.fields.values() for m in messages]
        return [self.message] if self.message else []

    @property
    def message_dict(self) -> dict[str, list[str]]:
        """The messages by field, as Django's ValidationError gives them."""
        return self.fields or {"__all__": self.messages}


class NotPermitted(ServiceError):
    """The person acting may not do this."""


class SystemActor:
    """The system acting for itself (a command loading data, a migration): allowed everything,
    recorded in the audit trail as no person."""

    is_authenticated = False
    is_anonymous = False
    pk = None
    role = None
    force_id = None

    def has_perm(self, perm: str, obj: Any = None) -> bool:
        return True

    def __str__(self) -> str:
        return "the system"


SYSTEM = SystemActor()


class Actor(Protocol):
    """Who acts: the project's ``accounts.User`` (described here by its shape, so that this module
    imports nothing from Django) or ``SYSTEM``."""

    pk: Any
    role: Any
    force_id: Any

    def has_perm(self, perm: str, obj: Any = None) -> bool: ...


def check_permission(actor: Actor | None, perm: str, obj: Any, doing: str) -> None:
    """Refuse with NotPermitted unless `actor` holds `perm` on `obj`; `doing` completes "You may not ..."."""
    if actor is SYSTEM:
        return
    if actor is None or not actor.has_perm(perm, obj):
        raise NotPermitted(f"You may not {doing}.")
