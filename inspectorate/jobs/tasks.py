"""The background tasks: each takes a job's id and does its work through the service the shell command
calls (``run-monitoring``, ``import-report``, ``load-observations``; publication through
``publish_report``). The worker is ``inspectorate worker`` (docs/jobs.md)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from django.core.files.storage import default_storage
from django_tasks import task

from . import services
from .models import Job
from .services import JobRefused, Progress

# A job's result holds 4,000 characters: an import's warnings past this room are counted, not listed.
RESULT_ROOM = 3800


@task()
def run_monitoring(job_id: str) -> str:
    return services.run(job_id, _monitoring)


@task()
def publish(job_id: str) -> str:
    return services.run(job_id, _publication)


@task()
def import_report(job_id: str) -> str:
    return services.run(job_id, _report_import)


@task()
def load_observations(job_id: str) -> str:
    return services.run(job_id, _observation_load)


def _monitoring(job: Job, progress: Progress) -> str:
    from inspectorate.monitoring import services as monitoring
    # The run reports "reading observations: n of 43 forces", then its stages (monitoring.services).
    summary = monitoring.run_monitoring(by=job.started_by, progress=progress)
    return "\n".join(summary.lines())


def _publication(job: Job, progress: Progress) -> str:
    from inspectorate.reports.services import publish_report

    if job.inspection is None:
        raise JobRefused(["The inspection to publish no longer exists."])
    progress(stage="rendering the report as HTML, PDF, text and data, and freezing it")
    report = publish_report(inspection=job.inspection, by=job.started_by,
                            change_note=str(job.params.get("change_note", "")))
    return f"Version {report.version} published. The public read this version; earlier versions stay available."


def _report_import(job: Job, progress: Progress) -> str:
    from inspectorate.reports.imports import ReportFileError, import_report_file

    source = str(job.params.get("source", "report"))
    progress(stage=f"reading {source}, importing it and freezing its published version")
    with default_storage.open(job.upload, "rb") as handle:
        data = handle.read()
    try:
        outcome = import_report_file(data=data, source=source, freeze=True, by=job.started_by)
    except ReportFileError as error:
        raise JobRefused([str(error)]) from error
    head = [*outcome.lines(), *outcome.warning_counts()]
    kept: list[str] = []
    room = RESULT_ROOM - len("\n".join(head))
    for warning in outcome.warnings:
        if room < len(warning) + 1:
            break
        kept.append(warning)
        room -= len(warning) + 1
    if len(kept) < len(outcome.warnings):
        kept.append(f"… and {len(outcome.warnings) - len(kept)} more: "
                    f"“inspectorate parse-report {source} --explain” lists them all")
    return "\n".join([*head, *kept])


def _observation_load(job: Job, progress: Progress) -> str:
    from inspectorate.monitoring.loading import DEFAULT_GROUPS_SET, LoadRefused, load_observation_files

    names = {"observations": str(job.params.get("observations", "observations.csv")),
             "groups": str(job.params.get("groups", "groups.csv"))}
    uploads = {"observations": job.upload, "groups": str(job.params.get("groups_upload", ""))}
    folder = Path(tempfile.mkdtemp(prefix="inspectorate-load-"))
    try:
        # The readers name the file in every error: copy each upload under the name it was sent with.
        paths: dict[str, Path | None] = {}
        for role, stored in uploads.items():
            if not stored:
                paths[role] = None
                continue
            (folder / role).mkdir()
            target = folder / role / Path(names[role]).name
            with default_storage.open(stored, "rb") as source, target.open("wb") as copy:
                shutil.copyfileobj(source, copy)
            paths[role] = target
        observations = paths["observations"]
        assert observations is not None
        try:
            outcome = load_observation_files(observations=observations, groups=paths["groups"],
                                             groups_set=str(job.params.get("groups_set") or DEFAULT_GROUPS_SET),
                                             progress=progress)
        except LoadRefused as refused:
            raise JobRefused([_named(line, folder) for line in [*refused.lines, refused.message]]) from refused
        return "\n".join(outcome.lines())
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        if uploads["groups"]:
            default_storage.delete(uploads["groups"])


def _named(line: str, folder: Path) -> str:
    """An error line with the temporary folder taken out, so it names the file as it was sent."""
    for role in ("observations", "groups"):
        line = line.replace(f"{folder / role}/", "")
    return line
