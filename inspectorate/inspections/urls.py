"""The inspection workspace's URLs (namespace `inspections`) and the assessment page's (namespace
`assessment`, `assessment_urlpatterns`), both under /inspections/."""

from __future__ import annotations

from django.urls import path

from .views import assessment, draft, evidence, findings, publication, workspace

app_name = "inspections"
urlpatterns = [
    path("", workspace.my_inspections, name="mine"),
    path("board/", workspace.board, name="board"),
    path("<int:pk>/", workspace.overview, name="overview"),
    path("<int:pk>/audit/", workspace.audit, name="audit"),
    # Evidence
    path("<int:pk>/evidence/", evidence.evidence, name="evidence"),
    path("<int:pk>/evidence/<int:evidence_pk>/verify/", evidence.verify, name="verify_evidence"),
    path("<int:pk>/evidence/<int:evidence_pk>/attach/", evidence.attach, name="attach_evidence_file"),
    path("<int:pk>/evidence/<int:evidence_pk>/file/", evidence.attachment, name="evidence_attachment"),
    # Findings and recommendations
    path("<int:pk>/frameworks/<slug:framework_key>/findings/", findings.findings, name="findings"),
    path("<int:pk>/findings/<int:finding_pk>/edit/", findings.edit_finding, name="edit_finding"),
    path("<int:pk>/findings/<int:finding_pk>/move/<str:direction>/", findings.move_finding, name="move_finding"),
    path("<int:pk>/findings/<int:finding_pk>/delete/", findings.delete_finding, name="delete_finding"),
    path("<int:pk>/findings/<int:finding_pk>/recommend/", findings.raise_recommendation,
         name="raise_recommendation"),
    path("<int:pk>/recommendations/<int:rec_pk>/edit/", findings.edit_recommendation, name="edit_recommendation"),
    path("<int:pk>/recommendations/<int:rec_pk>/delete/", findings.delete_recommendation,
         name="delete_recommendation"),
    # The factual-accuracy check
    path("<int:pk>/draft/", draft.draft, name="draft"),
    path("<int:pk>/draft/comment/", draft.add_comment, name="add_comment"),
    path("<int:pk>/comments/", draft.comments, name="comments"),
    path("<int:pk>/comments/<int:comment_pk>/resolve/", draft.resolve_comment, name="resolve_comment"),
    # The lifecycle and publication
    path("<int:pk>/publication/", publication.publication, name="publication"),
    path("<int:pk>/state/<str:to>/", publication.change_state, name="change_state"),
    path("<int:pk>/publication/request/", publication.request_publication, name="request_publication"),
    path("<int:pk>/publication/approve/", publication.approve_publication, name="approve_publication"),
    path("<int:pk>/publication/correction/", publication.publish_correction, name="publish_correction"),
]

# The assessment page of a framework and its forms: included from the project's urls.py with the
# namespace `assessment` ("assessment:framework" and so on).
assessment_urlpatterns = [
    path("<int:pk>/assessment/<slug:framework_key>/", assessment.framework_page, name="framework"),
    path("<int:pk>/assessment/<slug:framework_key>/criteria/<str:code>/", assessment.assess, name="assess"),
    path("<int:pk>/assessment/<slug:framework_key>/final-grade/", assessment.final_grade, name="final_grade"),
    path("<int:pk>/assessment/<slug:framework_key>/excellence/", assessment.excellence, name="excellence"),
    path("<int:pk>/assessment/<slug:framework_key>/derive/", assessment.derive, name="derive"),
]
