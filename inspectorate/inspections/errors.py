"""What a refused write tells the user."""

from __future__ import annotations

from typing import Any


class ServiceError(Exception):
    """A write the rules refuse; its text is shown to the user as it stands."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    @property
    def messages(self) -> list[str]:
        return [self.message]


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
