"""Which files may be attached to evidence: a type whitelist, a size limit, and a look at the contents."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django.conf import settings

from .errors import ServiceError

# The default; settings.EVIDENCE_UPLOAD_MAX_BYTES holds the limit in force.
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
# extension -> (what to call it, how its first bytes must start; None: text, checked otherwise)
ALLOWED_TYPES: dict[str, tuple[str, bytes | None]] = {
    ".pdf": ("PDF", b"%PDF-"),
    ".docx": ("Word document", b"PK\x03\x04"),
    ".xlsx": ("Excel workbook", b"PK\x03\x04"),
    ".csv": ("CSV file", None),
    ".txt": ("text file", None),
    ".png": ("PNG image", b"\x89PNG\r\n\x1a\n"),
    ".jpg": ("JPEG image", b"\xff\xd8\xff"),
    ".jpeg": ("JPEG image", b"\xff\xd8\xff"),
}
ALLOWED_LIST = "PDF, Word (.docx), Excel (.xlsx), CSV, text (.txt), PNG or JPEG"
ACCEPT_ATTRIBUTE = ",".join(ALLOWED_TYPES)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def check_attachment(upload: Any) -> None:
    """Refuse a file of a type not on the list, over 10 MB, empty, or whose contents belie its name."""
    name = PurePath(upload.name or "").name
    suffix = PurePath(name).suffix.lower()
    if suffix not in ALLOWED_TYPES:
        raise ServiceError(f"The file must be a {ALLOWED_LIST} file; “{name}” is not.")
    limit = int(getattr(settings, "EVIDENCE_UPLOAD_MAX_BYTES", MAX_ATTACHMENT_BYTES))
    if upload.size > limit:
        raise ServiceError(f"The file must be {limit / (1024 * 1024):g} MB or smaller; "
                           f"“{name}” is {_megabytes(upload.size)}.")
    if upload.size == 0:
        raise ServiceError(f"The file “{name}” is empty.")
    kind, signature = ALLOWED_TYPES[suffix]
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    looks_right = head.startswith(signature) if signature is not None else b"\x00" not in head
    if not looks_right:
        raise ServiceError(f"The contents of “{name}” do not look like a {kind}.")
