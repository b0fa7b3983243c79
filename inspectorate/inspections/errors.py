"""What a refused write tells the user: the project's one refusal (``inspectorate.core.errors``) and its kinds."""

from __future__ import annotations

from typing import Any

from inspectorate.core.errors import NotPermitted, ServiceError

__all__ = ["NotPermitted", "ServiceError", "StaleEdit", "TransitionBlocked"]


class TransitionBlocked(ServiceError):
    """A state change that something blocks; one whole sentence per blocker."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__(" ".join(messages))
        self._messages = list(messages)

    @property
    def messages(self) -> list[str]:
        return self._messages


class StaleEdit(ServiceError):
    """Someone saved the same thing since this edit began: nothing was written."""

    def __init__(self, message: str, current: Any) -> None:
        super().__init__(message)
        self.current = current
