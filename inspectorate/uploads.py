"""Which files people may upload as evidence: one whitelist, one size limit, one look at the contents.

Evidence attached in an inspection's workspace and evidence a force sends with its response to a
recommendation pass the same check. A file is refused if its name has no accepted extension or has
control characters, if it is empty or over ``settings.EVIDENCE_UPLOAD_MAX_BYTES``, or if its first
bytes belie its name (a binary signature for the binary types; readable UTF-8 text for CSV and text).
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import PurePath
from typing import Protocol

from django.conf import settings

from inspectorate.core.errors import ServiceError

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
_ZIP = b"PK\x03\x04"
_HEAD_BYTES = 64 * 1024


@dataclass(frozen=True)
class EvidenceType:
    label: str
    content_type: str
    signature: bytes | None  # None: plain text, checked as UTF-8 instead


EVIDENCE_TYPES: dict[str, EvidenceType] = {
    ".pdf": EvidenceType("PDF", "application/pdf", b"%PDF-"),
    ".docx": EvidenceType("Word document", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                          _ZIP),
    ".xlsx": EvidenceType("Excel workbook", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                          _ZIP),
    ".odt": EvidenceType("OpenDocument text", "application/vnd.oasis.opendocument.text", _ZIP),
    ".ods": EvidenceType("OpenDocument spreadsheet", "application/vnd.oasis.opendocument.spreadsheet", _ZIP),
    ".csv": EvidenceType("CSV", "text/csv", None),
    ".txt": EvidenceType("plain text", "text/plain", None),
    ".png": EvidenceType("PNG image", "image/png", b"\x89PNG\r\n\x1a\n"),
    ".jpg": EvidenceType("JPEG image", "image/jpeg", b"\xff\xd8\xff"),
    ".jpeg": EvidenceType("JPEG image", "image/jpeg", b"\xff\xd8\xff"),
}
# For messages and help text, and for a file input's ``accept`` attribute.
ACCEPTED = ", ".join(EVIDENCE_TYPES)
ACCEPT_ATTRIBUTE = ",".join(EVIDENCE_TYPES)


class Upload(Protocol):
    name: str | None
    size: int | None

    def seek(self, offset: int, whence: int = ...) -> int: ...
    def read(self, size: int = ...) -> bytes: ...


def max_bytes() -> int:
    """The largest evidence file accepted, in bytes (``settings.EVIDENCE_UPLOAD_MAX_BYTES``)."""
    return int(getattr(settings, "EVIDENCE_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))


def max_megabytes() -> str:
    """The size limit as people read it: "10 MB"."""
    return f"{max_bytes() / (1024 * 1024):g} MB"


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def check_evidence_file(upload: Upload) -> EvidenceType:
    """Return the file's evidence type, or raise ServiceError saying exactly what is wrong with it."""
    name = PurePath(upload.name or "").name
    if not name:
        raise ServiceError("An evidence file has no name.")
    if any(ord(character) < 32 for character in name):
        raise ServiceError(f"{name!r} has control characters in its name: rename the file.")
    suffix = PurePath(name).suffix.lower()
    kind = EVIDENCE_TYPES.get(suffix)
    if kind is None:
        shown = f"a {suffix} file" if suffix else "a file without an extension"
        raise ServiceError(f"“{name}” is {shown}, which is not accepted as evidence. Accepted types: {ACCEPTED}.")
    size = upload.size or 0
    if size == 0:
        raise ServiceError(f"“{name}” is empty.")
    limit = max_bytes()
    if size > limit:
        raise ServiceError(f"“{name}” is {_megabytes(size)}; an evidence file may be at most {_megabytes(limit)}.")
    upload.seek(0)
    head = upload.read(_HEAD_BYTES)
    upload.seek(0)
    if kind.signature is not None:
        if not head.startswith(kind.signature):
            raise ServiceError(f"“{name}” is named as a {kind.label} but its content is not one.")
    elif b"\x00" in head or not _is_utf8(head):
        raise ServiceError(f"“{name}” is named as {kind.label} but is not readable text (UTF-8).")
    return kind


def _is_utf8(data: bytes) -> bool:
    # Incremental, so a multi-byte character cut off at the end of the head is not a fault.
    try:
        codecs.getincrementaldecoder("utf-8")().decode(data, final=False)
    except UnicodeDecodeError:
        return False
    return True
