"""The workspace's forms: they read and check what a person typed; the services decide the rest."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone

from inspectorate.dateinput import DayMonthYearField
from inspectorate.frameworks.models import Criterion
from inspectorate.freetext import NOTE_MAX_LENGTH, FreeTextField
from inspectorate.uploads import ACCEPT_ATTRIBUTE, ACCEPTED, check_evidence_file, max_megabytes

from .errors import ServiceError
from .models import Category, Finding, Inspection, SourceKind
from .selectors import findings_in_report_order


class WorkspaceForm(forms.Form):
    """A form whose invalid fields are marked so; the govuk_field tag ties hints and errors to them."""

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"

    def add_service_error(self, error: ServiceError) -> None:
        for message in error.messages:
            self.add_error(None, message)


def criteria_choices(inspection: Inspection) -> list[tuple[str, list[tuple[int, str]]]]:
    """The inspection's criteria grouped by framework, in report order."""
    groups = []
    for framework in inspection.programme.frameworks.order_by("order", "key").prefetch_related("criteria"):
        criteria = [(c.pk, f"{c.code} ({c.get_level_display()}): {c.text}") for c in framework.criteria.all()]
        if criteria:
            groups.append((framework.display_title, criteria))
    return groups


class EvidenceForm(WorkspaceForm):
    source_kind = forms.ChoiceField(label="Kind of source", choices=[("", "Choose a kind of source"),
                                                                     *SourceKind.choices],
                                    error_messages={"required": "Choose the kind of source."})
    summary = FreeTextField(max_length=NOTE_MAX_LENGTH, label="Summary", widget=forms.Textarea(attrs={"rows": 4}),
                              help_text="What the evidence shows, in a sentence or two.",
                              error_messages={"required": "Enter a summary of the evidence."})
    date = DayMonthYearField(label="Date", help_text="When it was gathered, for example 14 3 2008.",
                             error_messages={"required": "Enter the date the evidence was gathered."})
    criteria = forms.TypedMultipleChoiceField(
        label="Criteria it bears on", required=False, coerce=int, widget=forms.CheckboxSelectMultiple,
        help_text="Tick every criterion this evidence supports or undermines.",
        error_messages={"invalid_choice": "Choose criteria from this inspection's frameworks only."},
    )
    attachment = forms.FileField(
        label="Attach a file (optional)", required=False,
        help_text=f"Accepted types: {ACCEPTED}; up to {max_megabytes()}.",
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
        error_messages={"empty": "The file you chose is empty."},
    )

    def __init__(self, *args: Any, inspection: Inspection, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.inspection = inspection
        self.criteria_by_framework = criteria_choices(inspection)
        cast(forms.ChoiceField, self.fields["criteria"]).choices = self.criteria_by_framework

    def clean_date(self) -> Any:
        date = self.cleaned_data["date"]
        if date and date > timezone.localdate():
            raise forms.ValidationError("The date of the evidence cannot be in the future.")
        return date

    def clean_attachment(self) -> Any:
        upload = self.cleaned_data.get("attachment")
        if upload:
            try:
                check_evidence_file(upload)
            except ServiceError as error:
                raise forms.ValidationError(error.message) from error
        return upload or None

    def criteria_groups(self) -> list[tuple[str, list[Any]]]:
        """The criteria checkboxes, grouped by framework for the template."""
        subwidgets = list(self["criteria"].subwidgets)
        groups, start = [], 0
        for label, options in self.criteria_by_framework:
            groups.append((label, subwidgets[start:start + len(options)]))
            start += len(options)
        return groups

    def chosen_criteria(self) -> list[Criterion]:
        return list(Criterion.objects.filter(pk__in=self.cleaned_data.get("criteria", [])))


class AttachmentForm(WorkspaceForm):
    attachment = forms.FileField(
        label="File", help_text=f"Accepted types: {ACCEPTED}; up to {max_megabytes()}.",
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
        error_messages={"required": "Choose a file to attach.", "empty": "The file you chose is empty."},
    )

    def clean_attachment(self) -> Any:
        upload = self.cleaned_data["attachment"]
        try:
            check_evidence_file(upload)
        except ServiceError as error:
            raise forms.ValidationError(error.message) from error
        return upload


class FindingForm(WorkspaceForm):
    category = forms.ChoiceField(label="Category", choices=Category.choices)
    text = FreeTextField(label="Text", widget=forms.Textarea(attrs={"rows": 6}),
                           error_messages={"required": "Enter the text of the finding."})
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, categories: list[Category] | None = None, **kwargs: Any) -> None:
        """`categories`: the finding types of the programme's grading model (all of them if not given)."""
        super().__init__(*args, **kwargs)
        if categories is not None:
            field = self.fields["category"]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [(c.value, c.label) for c in categories]


class RecommendationForm(WorkspaceForm):
    text = FreeTextField(
        label="Recommendation", widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Start with “That the force …”. It is numbered automatically.",
        error_messages={"required": "Enter the text of the recommendation."},
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean_text(self) -> str:
        text: str = self.cleaned_data["text"].strip()
        if not text.startswith("That the force"):
            raise forms.ValidationError("A recommendation starts “That the force …”.")
        # The box starts pre-filled with "That the force ": sent unchanged, it says nothing.
        if not text.removeprefix("That the force").strip(" .…,;:"):
            raise forms.ValidationError("Enter what the force should do, after “That the force”.",
                                        code="required")
        return text


class CommentForm(WorkspaceForm):
    finding = forms.TypedChoiceField(label="Paragraph", required=False, coerce=int, empty_value=None,
                                     help_text="The paragraph your comment is about.")
    location = FreeTextField(label="Or say where in the draft", required=False, max_length=200,
                             widget=forms.TextInput, help_text="For example: Force overview, second paragraph.")
    text = FreeTextField(label="Your comment", widget=forms.Textarea(attrs={"rows": 4}),
                           help_text="What is inaccurate, and what the force believes is correct.",
                           error_messages={"required": "Enter your comment."})

    def __init__(self, *args: Any, inspection: Inspection, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.inspection = inspection
        cast(forms.ChoiceField, self.fields["finding"]).choices = [("", "Not a paragraph listed here")] + [
            (f.pk, f"{f.framework.display_title}, {f.get_category_display().lower()}: {f.text[:70]}…")
            for f in findings_in_report_order(inspection)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("finding") and not data.get("location", "").strip() and "text" in data:
            self.add_error("location", "Choose the paragraph, or say where in the draft the comment applies.")
        return data

    def chosen_finding(self) -> Finding | None:
        pk = self.cleaned_data.get("finding")
        return self.inspection.findings.filter(pk=pk).first() if pk else None


class ResolveForm(WorkspaceForm):
    note = FreeTextField(
        max_length=NOTE_MAX_LENGTH, label="How it was resolved", widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What changed in the draft, or why nothing did.",
        error_messages={"required": "Say how the comment was resolved."},
    )


class TransitionForm(WorkspaceForm):
    note = FreeTextField(max_length=NOTE_MAX_LENGTH, label="Note for the audit trail (optional)", required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class CorrectionForm(WorkspaceForm):
    change_note = FreeTextField(
        max_length=NOTE_MAX_LENGTH, label="Change note", widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What this correction changes; readers see it beside the version.",
        error_messages={"required": "Enter a change note: every version after the first needs one."},
    )


def action_label(action: str) -> str:
    """An audit event's kind in words: "followup.status_changed" is "Follow-up: status changed"."""
    subject, _, change = action.partition(".")
    subject = "follow-up" if subject == "followup" else subject.replace("_", " ")
    words = f"{subject}: {change.replace('_', ' ')}" if change else subject
    return words[:1].upper() + words[1:]


class AuditFilterForm(forms.Form):
    """The audit trail's filters: who acted, what kind of change, and from and to which day."""

    who = forms.ChoiceField(label="Who", required=False)
    what = forms.ChoiceField(label="What", required=False)
    # GOV.UK's day-month-year boxes, not the browser's date control (which sends nothing for a date it cannot
    # read, so a mistyped day would silently show the whole trail).
    since = DayMonthYearField(label="From", required=False, earliest_year=2000)
    until = DayMonthYearField(label="To", required=False, earliest_year=2000)

    def __init__(self, *args: Any, events: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "audit-%s")
        super().__init__(*args, **kwargs)
        actors = events.exclude(actor=None).values_list("actor_id", "actor__first_name", "actor__last_name",
                                                        "actor__username").distinct()
        people = sorted({(str(pk), f"{first} {last}".strip() or username) for pk, first, last, username in actors},
                        key=lambda item: item[1])
        cast(forms.ChoiceField, self.fields["who"]).choices = [("", "Anyone"), ("system", "System"), *people]
        actions = sorted(set(events.values_list("action", flat=True)))
        kinds = [(action, action_label(action)) for action in actions]
        cast(forms.ChoiceField, self.fields["what"]).choices = [("", "Any change"), *kinds]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", "The last day must be on or after the first day.")
        return data

    def filter(self, events: Any) -> Any:
        """``events`` narrowed to the filters (call after is_valid)."""
        data = self.cleaned_data
        if data.get("who") == "system":
            events = events.filter(actor=None)
        elif data.get("who"):
            events = events.filter(actor_id=data["who"])
        if data.get("what"):
            events = events.filter(action=data["what"])
        if data.get("since"):
            events = events.filter(at__date__gte=data["since"])
        if data.get("until"):
            events = events.filter(at__date__lte=data["until"])
        return events
