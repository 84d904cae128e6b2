"""The staff caseload and a family's timeline: thin views over ``caseload`` and ``timeline``.

Both read family data, so both write the access log: the caseload one row per family listed
on the page, the timeline one row per view (docs/decisions/0008-caseload.md).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .. import caseload as service
from ..caseload import (
    BANDS,
    SORT_KEYS,
    CaseloadError,
    CaseloadFilters,
    parse_sort,
    sees_caseload,
)
from ..guards import StaffRequest, organisation_staff
from ..models import ConsentCategory
from ..timeline import read_timeline

ROWS_PER_PAGE = 100


def _page_number(raw: str) -> int:
    return int(raw) if raw.isdigit() and 0 < int(raw) < 100_000 else 1


@organisation_staff
@require_safe
def caseload_page(request: StaffRequest, org_id: int) -> HttpResponse:
    """The families that share with the organisation, sortable and filterable."""
    if not sees_caseload(request.staff):
        raise Http404("No caseload here.")
    organisation = request.staff.organisation
    get = request.GET
    filters = CaseloadFilters(
        category=get.get("category", ""),
        band=get.get("band", ""),
        open_alerts=get.get("alerts") == "1",
        search=get.get("q", "")[:100],
    )
    sort = get.get("sort", "family")
    context: dict[str, object] = {
        "organisation": organisation,
        "filters": filters,
        "categories": ConsentCategory.choices,
        "bands": BANDS,
        "page": None,
    }
    try:
        page = service.caseload_page(
            organisation,
            sort=sort,
            filters=filters,
            number=_page_number(get.get("page", "")),
            per_page=ROWS_PER_PAGE,
        )
        sort_name, descending = parse_sort(sort)
    except CaseloadError as exc:
        context["error"] = str(exc)
        return render(request, "programs/staff/caseload.html", context, status=422)
    service.record_read(request.user, organisation, page)
    kept = {
        k: v
        for k, v in (
            ("category", filters.category),
            ("band", filters.band),
            ("alerts", "1" if filters.open_alerts else ""),
            ("q", filters.search),
        )
        if v
    }
    columns = []
    for key in SORT_KEYS:
        current = key == sort_name
        flip = "" if current and descending else "-" if current else ""
        columns.append(
            {
                "key": key,
                "aria_sort": ("descending" if descending else "ascending") if current else "",
                "href": "?" + urlencode({**kept, "sort": f"{flip}{key}"}),
            }
        )
    context.update(
        page=page,
        total=page.paginator.count,
        columns={c["key"]: c for c in columns},
        kept_query=urlencode({**kept, "sort": sort}),
    )
    return render(request, "programs/staff/caseload.html", context)


@organisation_staff
@require_safe
def timeline(request: StaffRequest, org_id: int, family_id: int) -> HttpResponse:
    """A family's shared data, newest first; a 404 without consent, one log row per view."""
    organisation = request.staff.organisation
    shown = read_timeline(
        request.staff,
        request.user,
        family_id,
        _page_number(request.GET.get("page", "")),
        request.GET.get("why", ""),
    )
    if shown is None:
        raise Http404("No such family.")
    return render(
        request,
        "programs/staff/timeline.html",
        {
            "organisation": organisation,
            "timeline": shown,
            "category_labels": dict(ConsentCategory.choices),
            "can_see_caseload": sees_caseload(request.staff),
        },
    )
