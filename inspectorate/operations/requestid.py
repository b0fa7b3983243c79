"""The id of the request being served, for every log line written while serving it."""

from __future__ import annotations

import logging
import re
import uuid
from contextvars import ContextVar

# Outside a request (a management command, gunicorn's own lines) the id is "-".
current_request_id: ContextVar[str] = ContextVar("request_id", default="-")

# An id a proxy in front may pass in X-Request-ID is kept if it is short and plain.
_ACCEPTABLE = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def new_request_id(offered: str | None = None) -> str:
    """The proxy's id if it offered a plain one, otherwise a fresh random one."""
    if offered and _ACCEPTABLE.match(offered):
        return offered
    return uuid.uuid4().hex[:16]


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record, so formatters may print ``%(request_id)s``."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id.get()
        return True
