"""The one way a view reaches an inspection: found, and permitted, or refused (404, or NotPermitted: 403)."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from inspectorate.core.errors import NotPermitted

from .models import Inspection


def get_inspection_for_user(request: HttpRequest, pk: int, perm: str) -> Inspection:
    """The inspection, if the user holds `perm` on it.

    Someone who may not even read its draft is told it does not exist (404), so a force never
    learns of another force's inspection; someone who may read it but not do this gets 403.
    """
    inspection = get_object_or_404(Inspection.objects.select_related("force", "programme", "lead"), pk=pk)
    if request.user.has_perm(perm, inspection):
        return inspection
    if request.user.has_perm("inspections.view_draft", inspection):
        raise NotPermitted("You may not do this to this inspection.")
    raise Http404("No such inspection.")
