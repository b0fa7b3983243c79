"""Each open-data download kept as the bytes it is: built once per version of the data it shows,
then served as a file.

A download is a whole dataset, and nothing in it changes between publications, follow-up updates
and corrections, while it is fetched far more often than that. So each one is written once, to
``<MEDIA_ROOT>.opendata/`` (beside the media root) under a name holding its version, and later
requests for that version are sent that file (with its ETag, Last-Modified and length, and 304 to
a conditional GET).

The version is read from the database on every request, in one statement, and from the writes
this process and others have made, so that it moves with every write that can change a download:

- the audit trail's head (the newest event's hash and the number of events): every write made
  through a service, publication, a correction, a follow-up's status, response or target date
  among them, appends an event in the same transaction as the change;
- the largest id of each table a download reads: the loaders that write rows without the audit
  trail (``load-reference``, ``load-library``, ``load-demo``, ``import-report`` and any
  ``bulk_create``, such as the benchmark's ``grow``) add rows;
- a token renewed whenever a row of those tables is saved or deleted through the ORM (an edit in
  the admin, a loader's ``update_or_create``): a file beside the downloads, renewed once the change
  is committed, for every process; and, for a reader inside a transaction (which sees its own
  connection's writes before anyone else does), the number of such writes its connection has made
  that are not committed yet;
- the day (whether a recommendation is overdue depends on it), and the dataset's columns.

A file is written to a temporary name and renamed into place, so two first requests at once each
write a whole file and the reader of either gets a whole one; files of older versions are removed
a few minutes after they are replaced, once no request can still be sending them.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections, models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from inspectorate.audit.models import AuditChainHead
from inspectorate.forces.models import Force
from inspectorate.frameworks.models import Framework
from inspectorate.inspections.models import Inspection, Judgement, Recommendation
from inspectorate.national.models import Programme, PublishedAggregate
from inspectorate.practice.models import DevelopingPractice
from inspectorate.recommendations.models import FollowUp, FollowUpChange
from inspectorate.reports.models import PublishedReport

# The tables the downloads read (opendata/selectors.py and the national summary).
READ: tuple[type[models.Model], ...] = (
    Force, Framework, Programme, PublishedAggregate, Inspection, Judgement, Recommendation, FollowUp,
    FollowUpChange, PublishedReport, DevelopingPractice,
)
# Bumped when what a download holds for the same data changes (its layout, not its data).
LAYOUT = "1"
# The attribute of a connection that counts its writes not yet committed.
UNCOMMITTED = "opendata_uncommitted_writes"
# A replaced file is removed after this many seconds (a request may still be sending it).
REPLACED_KEPT_FOR = 300



def folder() -> Path:
    """Where the kept downloads are: beside the media root, not in it (``<MEDIA_ROOT>.opendata``), so
    that a backup of the evidence files leaves them out and a restore finds the media root as it left
    it; they are built again from the database."""
    media = Path(settings.MEDIA_ROOT)
    return media.with_name(f"{media.name}.opendata")


def _token_file() -> Path:
    return folder() / "written"


def _version_sql() -> str:
    quote = connection.ops.quote_name
    head = AuditChainHead._meta.db_table
    parts = [f"(SELECT {quote('last_hash')} FROM {quote(head)} WHERE id = 1)",
             f"(SELECT {quote('length')} FROM {quote(head)} WHERE id = 1)"]
    parts += [f"(SELECT MAX(id) FROM {quote(model._meta.db_table)})" for model in READ]
    return "SELECT " + ", ".join(parts)


def version(dataset: str, fmt: str, columns: tuple[str, ...]) -> str:
    """The version of the data the download ``dataset``.``fmt`` shows (see the module's docstring)."""
    with connection.cursor() as cursor:
        cursor.execute(_version_sql())
        row = cursor.fetchone()
    try:
        written = _token_file().read_text()
    except OSError:
        written = ""
    uncommitted = getattr(connection, UNCOMMITTED, 0) if connection.in_atomic_block else 0
    parts = [LAYOUT, dataset, fmt, ",".join(columns), *map(str, row), written, str(uncommitted),
             timezone.localdate().isoformat()]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:40]


def path_of(dataset: str, fmt: str, version: str) -> Path:
    return folder() / f"{dataset}.{version}.{fmt}"


def open_or_build(dataset: str, fmt: str, version: str, build: Callable[[IO[bytes]], None]) -> IO[bytes]:
    """The kept file of this version of the download, opened for reading; built first where it is not
    kept yet (``build`` writes the whole download to the file it is given)."""
    path = path_of(dataset, fmt, version)
    with contextlib.suppress(FileNotFoundError):
        return path.open("rb")
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, partial = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
    try:
        with os.fdopen(descriptor, "wb") as out:
            build(out)
        os.replace(partial, path)  # atomic: a reader opens the whole file of one build or another
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    _remove_replaced(dataset, fmt, keep=path)
    return path.open("rb")


def _remove_replaced(dataset: str, fmt: str, *, keep: Path) -> None:
    """Remove this download's files of other versions (and builds that never finished) once they are
    a few minutes old."""
    older_than = time.time() - REPLACED_KEPT_FOR
    for found in keep.parent.iterdir():
        name = found.name.lstrip(".")
        if found == keep or not (name.startswith(f"{dataset}.") and (name.endswith(f".{fmt}")
                                                                    or name.endswith(".partial"))):
            continue
        with contextlib.suppress(OSError):
            if found.stat().st_mtime < older_than:
                found.unlink()


def forget() -> None:
    """Remove every kept download (the next request for each builds it again)."""
    if folder().is_dir():
        for found in folder().iterdir():
            if found.name != _token_file().name:
                found.unlink(missing_ok=True)


def data_written(using: str = DEFAULT_DB_ALIAS) -> None:
    """Note that a row a download reads was saved or deleted on the connection ``using``: counted on the
    connection while its transaction is open, and in the token file once it commits (other
    connections see the data as it was until then)."""
    written_on = connections[using]
    setattr(written_on, UNCOMMITTED, getattr(written_on, UNCOMMITTED, 0) + 1)
    transaction.on_commit(lambda: _committed(written_on), using=using)


def _committed(written_on: Any) -> None:
    setattr(written_on, UNCOMMITTED, 0)
    _renew_token()


def _renew_token() -> None:
    token = _token_file()
    try:
        token.parent.mkdir(parents=True, exist_ok=True)
        descriptor, partial = tempfile.mkstemp(dir=token.parent, prefix=".written.")
        with os.fdopen(descriptor, "w") as out:
            out.write(uuid.uuid4().hex)
        os.replace(partial, token)
    except OSError:
        # The change itself is made; only the other processes' kept downloads lag. Say so.
        import logging

        logging.getLogger(__name__).warning("could not renew %s: other processes may send older downloads", token)


def _on_write(sender: Any, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    data_written(using)


def _on_m2m(sender: Any, instance: Any, action: str, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    if action.startswith("post_") and isinstance(instance, READ):
        data_written(using)


def connect() -> None:
    """Watch the ORM's writes to the tables the downloads read (called from an app's ``ready``)."""
    for model in READ:
        post_save.connect(_on_write, sender=model, dispatch_uid=f"opendata-kept-save-{model._meta.label}")
        post_delete.connect(_on_write, sender=model, dispatch_uid=f"opendata-kept-delete-{model._meta.label}")
    m2m_changed.connect(_on_m2m, dispatch_uid="opendata-kept-m2m")
