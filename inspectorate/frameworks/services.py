"""Loading the framework library into the database, version by version."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction

from inspectorate.core.frameworkfile import FrameworkSpec, content_hash
from inspectorate.core.frameworkfile import load_library as read_library_files
from inspectorate.core.grading import DEFAULT_MODEL

from .models import Criterion, Framework

LIBRARY_DIR = Path(settings.BASE_DIR) / "library"

# The order frameworks take in a report: the 2007 programme's, then the others by key.
REPORT_ORDER = [
    "neighbourhood-policing",
    "performance-management",
    "pvp-overview",
    "child-abuse",
    "domestic-violence",
    "public-protection",
    "missing-persons",
]


@dataclass
class LibraryLoadSummary:
    created: list[str] = field(default_factory=list)
    new_versions: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [
            f"{len(self.created)} framework(s) created: {', '.join(self.created) or 'none'}",
            f"{len(self.new_versions)} new version(s): {', '.join(self.new_versions) or 'none'}",
            f"{len(self.unchanged)} unchanged",
        ]


def _order(key: str) -> int:
    return REPORT_ORDER.index(key) if key in REPORT_ORDER else 100


@transaction.atomic
def load_library(*, directory: Path = LIBRARY_DIR) -> LibraryLoadSummary:
    """Load every library file; a changed file becomes a new version, older versions stay as they were.

    Raises the schema's LibraryError (one line naming the file, field and reason) before writing
    anything when any file is broken.
    """
    library = read_library_files(directory)
    summary = LibraryLoadSummary()
    for spec in library.frameworks:
        _load_framework(spec, summary)
    for ref in library.references:
        current = Framework.objects.filter(key=ref.key, is_current=True).first()
        values = {"title": ref.title, "kind": ref.kind, "graded": False}
        if current is None:
            Framework.objects.create(key=ref.key, version=1, order=_order(ref.key), **values)
            summary.created.append(ref.key)
        elif any(getattr(current, name) != value for name, value in values.items()):
            Framework.objects.filter(pk=current.pk).update(**values)  # no criteria: nothing graded against it
            summary.new_versions.append(ref.key)
        else:
            summary.unchanged.append(ref.key)
    return summary


def _load_framework(spec: FrameworkSpec, summary: LibraryLoadSummary) -> None:
    digest = content_hash(spec)
    current = Framework.objects.filter(key=spec.key, is_current=True).first()
    if current is not None and current.content_hash == digest:
        summary.unchanged.append(spec.key)
        return
    if current is None:
        version = spec.version
        summary.created.append(spec.key)
    else:
        version = max(spec.version, current.version + 1)
        Framework.objects.filter(key=spec.key).update(is_current=False)
        summary.new_versions.append(f"{spec.key} v{version}")
    framework = Framework.objects.create(
        key=spec.key,
        version=version,
        title=spec.title,
        short_title=spec.short_title or "",
        group=spec.group or "",
        kind=spec.kind,
        graded=spec.graded,
        grading_model=spec.model or DEFAULT_MODEL,
        order=_order(spec.key),
        national_context="\n\n".join(spec.national_context_paragraphs()),
        themes=list(spec.themes),
        drafting_note=spec.drafting_note,
        content_hash=digest,
        is_current=True,
    )
    Criterion.objects.bulk_create(
        Criterion(
            framework=framework,
            code=c.id,
            level=c.level,
            text=c.text,
            theme=c.theme,
            significant=c.significant,
            dominant=c.dominant,
            order=i,
        )
        for i, c in enumerate(spec.criteria)
    )
