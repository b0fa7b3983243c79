"""An inspection of one force in one programme, from fieldwork to a published report."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models

from inspectorate.freetext import NOTE_MAX_LENGTH, TEXT_MAX_LENGTH

if TYPE_CHECKING:
    from .forms import ResolveForm


class State(models.TextChoices):
    PLANNED = "planned", "Planned"
    FIELDWORK = "fieldwork", "Fieldwork"
    DRAFTING = "drafting", "Drafting"
    MODERATION = "moderation", "Moderation"
    FACTUAL_ACCURACY = "factual_accuracy", "Factual-accuracy check"
    PUBLISHED = "published", "Published"


class Grade(models.TextChoices):
    """HMIC 2007's four grades, best first, spelt as the grading engine and the report spell them.

    A judgement holds a grade of its programme's grading model (PEEL's "Requires improvement"
    too): the judgement services check it against the model's scale, not against these choices.
    """

    EXCELLENT = "Excellent", "Excellent"
    GOOD = "Good", "Good"
    FAIR = "Fair", "Fair"
    POOR = "Poor", "Poor"


class Inspection(models.Model):
    force = models.ForeignKey("forces.Force", on_delete=models.PROTECT, related_name="inspections")
    programme = models.ForeignKey("programmes.Programme", on_delete=models.PROTECT, related_name="inspections")
    state = models.CharField(max_length=20, choices=State.choices, default=State.PLANNED)
    imported = models.BooleanField(default=False, help_text="Imported from a published report.")
    source_file = models.CharField(max_length=255, blank=True)
    isbn = models.CharField(max_length=40, blank=True)
    overview = models.JSONField(
        default=list, blank=True, help_text="Force overview and context: a list of {title, paragraphs}."
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    team = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="inspections")
    # Publication needs the lead inspector's request and a moderator's approval (SPEC section 1).
    publication_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    publication_requested_at = models.DateTimeField(null=True, blank=True)
    publication_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    publication_approved_at = models.DateTimeField(null=True, blank=True)
    # The approval binds to this snapshot of the publishable content (inspections/approval.py).
    publication_approved_content = models.JSONField(null=True, blank=True, editable=False)
    publication_approved_digest = models.CharField(max_length=64, blank=True, editable=False)
    # What the force last saw: recorded when the draft is sent to it and when its liaison comments.
    force_seen_content = models.JSONField(null=True, blank=True, editable=False)
    force_seen_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["programme", "force"]
        constraints = [
            models.UniqueConstraint(fields=["force", "programme"], name="one_inspection_per_force_programme"),
        ]
        # The national summary's GROUP BY reads a programme's inspections by state from this index alone.
        indexes = [models.Index(fields=["programme", "state", "force"], name="inspection_programme_state_idx")]

    def __str__(self) -> str:
        return f"{self.force} – {self.programme}"

    @property
    def is_published(self) -> bool:
        return self.state == State.PUBLISHED


class SourceKind(models.TextChoices):
    INTERVIEW = "interview", "Interview"
    FOCUS_GROUP = "focus_group", "Focus group"
    DOCUMENT = "document", "Document"
    REALITY_CHECK = "reality_check", "Reality check"
    RECORD_AUDIT = "record_audit", "Record audit / dip sample"
    DATA_RETURN = "data_return", "Data return"


class EvidenceItem(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="evidence")
    source_kind = models.CharField(max_length=20, choices=SourceKind.choices)
    summary = models.TextField(max_length=NOTE_MAX_LENGTH)
    date = models.DateField()
    collected_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    criteria = models.ManyToManyField("frameworks.Criterion", blank=True, related_name="evidence")
    attachment = models.FileField(upload_to="evidence/%Y/%m/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["inspection", "date", "id"]

    def __str__(self) -> str:
        return f"{self.get_source_kind_display()}: {self.summary[:60]}"

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None


class AssessmentValue(models.TextChoices):
    MET = "met", "Met"
    PARTLY_MET = "partly_met", "Partly met"
    NOT_MET = "not_met", "Not met"
    NOT_ASSESSED = "not_assessed", "Not assessed"


class CriterionAssessment(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="assessments")
    criterion = models.ForeignKey("frameworks.Criterion", on_delete=models.PROTECT, related_name="assessments")
    value = models.CharField(max_length=20, choices=AssessmentValue.choices, default=AssessmentValue.NOT_ASSESSED)
    rationale = models.TextField(max_length=TEXT_MAX_LENGTH, blank=True)
    evidence = models.ManyToManyField(EvidenceItem, blank=True, related_name="assessments")
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revision = models.PositiveIntegerField(default=1, help_text="Bumped on each save, to refuse lost updates.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["inspection", "criterion__order"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "criterion"], name="one_assessment_per_criterion"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion.code}: {self.value}"


class Category(models.TextChoices):
    NATIONAL_CONTEXT = "national_context", "National contextual factors"
    CONTEXT = "context", "Contextual factors"
    STRENGTH = "strength", "Strengths"
    WORK_IN_PROGRESS = "work_in_progress", "Work in progress"
    AREA_FOR_IMPROVEMENT = "area_for_improvement", "Areas for improvement"
    # PEEL's finding types (library/models/peel-2025.yaml); area for improvement is shared.
    CAUSE_OF_CONCERN = "cause_of_concern", "Causes of concern"
    ACCELERATED_CAUSE_OF_CONCERN = "accelerated_cause_of_concern", "Accelerated causes of concern"
    INNOVATIVE_PRACTICE = "innovative_practice", "Innovative practice"


class Finding(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    framework = models.ForeignKey("frameworks.Framework", on_delete=models.PROTECT, related_name="findings")
    category = models.CharField(max_length=30, choices=Category.choices)
    order = models.PositiveIntegerField(default=0)
    text = models.TextField(max_length=TEXT_MAX_LENGTH)
    revision = models.PositiveIntegerField(default=1, help_text="Bumped on each save, to refuse lost updates.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["inspection", "framework__order", "category", "order"]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.text[:60]}"


class Recommendation(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="recommendations")
    number = models.PositiveIntegerField(help_text="1..n through the report in framework order.")
    framework = models.ForeignKey(
        "frameworks.Framework", on_delete=models.PROTECT, related_name="recommendations"
    )
    finding = models.ForeignKey(
        Finding, null=True, blank=True, on_delete=models.SET_NULL, related_name="recommendations"
    )
    text = models.TextField(max_length=TEXT_MAX_LENGTH, help_text='Starts "That the force ...".')
    revision = models.PositiveIntegerField(default=1, help_text="Bumped on each save, to refuse lost updates.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["inspection", "number"]

    def __str__(self) -> str:
        return f"Recommendation {self.number}"


class Judgement(models.Model):
    """The grade of one graded framework: derived by the rules, and the final grade a person sets."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="judgements")
    framework = models.ForeignKey(
        "frameworks.Framework", on_delete=models.PROTECT, related_name="judgements",
        help_text="The framework version the grade was derived under.",
    )
    derived_grade = models.CharField(max_length=30, blank=True)
    derived_decision = models.CharField(max_length=20, blank=True,
                                        help_text="rule, judgement_required or incomplete")
    derived_candidates = models.JSONField(default=list, blank=True)
    derived_reasons = models.JSONField(default=list, blank=True)
    derived_counts = models.JSONField(default=dict, blank=True)
    derived_missing = models.JSONField(default=list, blank=True,
                                       help_text="Codes of the criteria an incomplete derivation waits for.")
    policy = models.JSONField(default=dict, blank=True, help_text="The grading policy it was derived under.")
    # Excellent needs beacon and innovation evidence recorded (SPEC section 4): verified items.
    beacon_evidence = models.ManyToManyField(
        EvidenceItem, blank=True, related_name="beacon_for",
        help_text="Verified evidence that other forces have imported this force's practice.",
    )
    innovation_evidence = models.ManyToManyField(
        EvidenceItem, blank=True, related_name="innovation_for",
        help_text="Verified evidence that the force has introduced and evaluated innovation.",
    )
    final_grade = models.CharField(max_length=30, blank=True)
    rationale = models.TextField(max_length=TEXT_MAX_LENGTH, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revision = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["inspection", "framework__order"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "framework"], name="one_judgement_per_framework"),
        ]
        # The national summary's GROUP BY reads an inspection's grades from this index alone.
        indexes = [models.Index(fields=["inspection", "framework", "final_grade"], name="judgement_held_grade_idx")]

    def __str__(self) -> str:
        return f"{self.framework.display_title}: {self.final_grade or 'no final grade'}"

    @property
    def is_override(self) -> bool:
        return bool(self.final_grade) and self.final_grade != self.derived_grade


class FactualAccuracyComment(models.Model):
    """A force liaison officer's comment on the draft during the factual-accuracy check.

    It bears on one paragraph (a finding) or on a place the officer names in words; an inspector
    resolves it with a note, and the report cannot be published while any comment is unresolved.
    """

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="fa_comments")
    finding = models.ForeignKey(
        Finding, null=True, blank=True, on_delete=models.SET_NULL, related_name="fa_comments",
        help_text="The paragraph commented on, when it is a finding.",
    )
    location = models.CharField(
        max_length=200, blank=True, help_text="Where in the draft, in words, when it is not a finding."
    )
    text = models.TextField(max_length=TEXT_MAX_LENGTH)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution_note = models.TextField(max_length=NOTE_MAX_LENGTH, blank=True)
    # Not stored: the comments page gives each comment its form to resolve it.
    resolve_form: ResolveForm

    class Meta:
        ordering = ["inspection", "created_at", "id"]
        verbose_name = "factual-accuracy comment"

    def __str__(self) -> str:
        return f"Comment on {self.where}: {self.text[:60]}"

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None

    @property
    def where(self) -> str:
        if self.finding is not None:
            return f"{self.finding.framework.display_title}, {self.finding.get_category_display().lower()}"
        return self.location or "the draft as a whole"
