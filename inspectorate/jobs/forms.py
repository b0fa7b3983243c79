"""The upload forms of the pages that start imports as jobs."""

from __future__ import annotations

from django import forms

from inspectorate.monitoring.loading import DEFAULT_GROUPS_SET

# An upload above this size is refused before it is stored (a national year of observations is ~20 MB).
MAX_UPLOAD_BYTES = 200 * 1024 * 1024


class _UploadForm(forms.Form):
    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        for name, value in cleaned.items():
            if hasattr(value, "size") and value.size > MAX_UPLOAD_BYTES:
                self.add_error(name, f"The file is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB.")
        return cleaned


class ReportImportForm(_UploadForm):
    file = forms.FileField(label="The published report", help_text="Its PDF, or its text.",
                           error_messages={"required": "Choose the report's PDF or text file."})


class ObservationLoadForm(_UploadForm):
    observations = forms.FileField(
        label="Observations", help_text="CSV with the columns force, indicator, period, value (and polarity).",
        error_messages={"required": "Choose the observations CSV file."})
    groups = forms.FileField(label="Most similar forces (optional)", required=False,
                             help_text="CSV with the columns force, group.")
    groups_set = forms.CharField(label="Name of the set of groups", max_length=100, initial=DEFAULT_GROUPS_SET,
                                 required=False, help_text="The groups file replaces this set's groups.")
