"""Forms of the recommendation tracker: they parse input; the services decide what is allowed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django import forms

from inspectorate.dateinput import DayMonthYearField
from inspectorate.forces.selectors import MAX_FORCE_TEXT, ForceMatch
from inspectorate.freetext import NOTE_MAX_LENGTH, FreeTextField
from inspectorate.uploads import ACCEPT_ATTRIBUTE, ACCEPTED, max_megabytes

from .models import FORCE_CLAIMABLE_STATUSES, Status
from .services import MAX_FILES_PER_RESPONSE


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class ResponseForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "response-%s")
        super().__init__(*args, **kwargs)

    text = FreeTextField(
        label="The force's response", widget=forms.Textarea(attrs={"rows": 6}), required=False,
        help_text="What the force has done about the recommendation, and what remains.",
    )
    responded_on = DayMonthYearField(
        label="Date of the response", required=False,
        help_text="For example, 27 3 2008. Leave empty for today.",
    )
    claimed_status = forms.ChoiceField(
        label="Progress the force reports", required=False,
        choices=[("", "No change")] + [(s.value, s.label) for s in FORCE_CLAIMABLE_STATUSES],
    )
    evidence = MultipleFileField(
        label="Evidence files", required=False,
        help_text=f"Up to {MAX_FILES_PER_RESPONSE} files, each at most {max_megabytes()}. "
        f"Accepted types: {ACCEPTED}.",
    )


class StatusForm(forms.Form):
    """Shown on one page with the target-date form: its ids are prefixed so that no two fields share one."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "status-%s")
        super().__init__(*args, **kwargs)

    status = forms.ChoiceField(label="New status", choices=Status.choices)
    note = FreeTextField(
        max_length=NOTE_MAX_LENGTH, label="Why", widget=forms.Textarea(attrs={"rows": 3}), required=False,
        help_text="Required to discharge or supersede a recommendation.",
    )


class TargetDateForm(forms.Form):
    """A date that is not a real one is refused with a message; the saved date is kept until a real
    one replaces it (or all three boxes are cleared, which removes it)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "target-%s")
        super().__init__(*args, **kwargs)

    target_date = DayMonthYearField(
        label="Target date", required=False,
        help_text="For example, 31 3 2027. Clear all three boxes to remove the target date.",
    )
    note = FreeTextField(max_length=NOTE_MAX_LENGTH, label="Note", required=False,
                         widget=forms.Textarea(attrs={"rows": 2}))


class ListSelect(forms.Select):
    """A select of flat choices written in one template loop."""

    template_name = "recommendations/_filter_select.html"


class FilterForm(forms.Form):
    """The tracker's filters; an unknown value is an error the page shows, not a silent empty list.

    The force is typed (all or part of its name, or its slug), not picked from a list of every force: a
    list that offered every force would grow with the data, and a long drop-down is hard to use.
    ``force_match`` holds what it matched once the form is valid.
    """

    force = forms.CharField(
        label="Force", required=False, max_length=MAX_FORCE_TEXT,
        help_text="All or part of the force’s name, for example Fenshire; or choose one from the table by force.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    framework = forms.ChoiceField(label="Framework", required=False, widget=ListSelect)
    status = forms.ChoiceField(label="Status", required=False, choices=[("", "Any status"), *Status.choices])
    programme = forms.ChoiceField(label="Programme", required=False, widget=ListSelect)
    overdue = forms.ChoiceField(label="Overdue", required=False,
                                choices=[("", "Either"), ("yes", "Overdue only"), ("no", "Not overdue")])

    def __init__(self, *args: Any, find_force: Callable[[str], ForceMatch | None],
                 frameworks: list[tuple[str, str]], programmes: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.find_force = find_force
        self.force_match: ForceMatch | None = None
        cast(forms.ChoiceField, self.fields["framework"]).choices = [("", "All frameworks"), *frameworks]
        cast(forms.ChoiceField, self.fields["programme"]).choices = [("", "All programmes"), *programmes]

    def clean_force(self) -> str:
        text = " ".join(self.cleaned_data["force"].split())
        if text:
            self.force_match = self.find_force(text)
            if self.force_match is None:
                raise forms.ValidationError(
                    f"No force with recommendations in a published report is called “{text}” or has those words "
                    "in its name: check the spelling, or choose a force from the table by force.")
        return text
