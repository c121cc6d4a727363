"""The public portal of the four publics (四公开), no login: /public/<site code>/procurement/.

Notices with search, the public procedure of a project, an Atom feed and the OCDS export.
Everything shown is read through ``queries.portal`` (public fields only). A site without a
procurement centre, or whose centre has closed its portal, answers 404 everywhere.
"""

from __future__ import annotations

import re

from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.template.defaultfilters import linebreaksbr
from django.urls import path, reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from houqin.procurement import ocds
from houqin.procurement.choices import Method, NoticeKind, Stage
from houqin.procurement.forms.portal import NoticeSearchForm
from houqin.procurement.queries import portal as queries

# Four ASCII digits: str.isdigit() would also take "²²²²", which int() refuses.
YEAR = re.compile(r"[0-9]{4}")
PAGE_SIZE = 20
FEED_SIZE = 50
# The legal basis of each method, shown on the public procedure page.
LEGAL_BASIS = {
    Method.PUBLIC_TENDER: gettext_lazy("Government Procurement Law, art. 26 and 27; MOF Order 87"),
    Method.INVITED_TENDER: gettext_lazy("Government Procurement Law, art. 29; MOF Order 87"),
    Method.NEGOTIATION: gettext_lazy("Government Procurement Law, art. 30; MOF Order 74"),
    Method.CONSULTATION: gettext_lazy("MOF rules on competitive consultation (Cai Ku [2014] 214)"),
    Method.SINGLE_SOURCE: gettext_lazy("Government Procurement Law, art. 31; MOF Order 74"),
    Method.QUOTATION: gettext_lazy("Government Procurement Law, art. 32; MOF Order 74"),
    Method.FRAMEWORK: gettext_lazy("MOF Order 110 on framework agreement procurement"),
    Method.EMERGENCY: gettext_lazy("Government Procurement Law, art. 85 (disaster relief)"),
}


def _office(site: str) -> dict:
    """The site's procurement centre, or 404 (no centre, portal closed, unknown site)."""
    office = queries.portal_office(site)
    if office is None:
        raise Http404
    return office


def _render(request, template: str, office: dict, status: int = 200, **context):
    context.update(office=office, site_code=office["site__code"])
    return render(request, f"procurement/{template}", context, status=status)


def index(request, site: str):
    """The centre's name and introduction, the newest notices of each kind, a search box."""
    office = _office(site)
    latest = queries.latest_by_kind(office["site_id"])
    labels = dict(NoticeKind.choices)
    groups = [(kind, labels[kind], rows) for kind, rows in latest.items()]
    return _render(
        request,
        "portal_index.html",
        office,
        groups=groups,
        form=NoticeSearchForm(),
        title=office["name"],
    )


def notice_list(request, site: str):
    """Public notices, searched (title and text) and filtered by kind and year, 20 a page."""
    office = _office(site)
    form = NoticeSearchForm(request.GET or None)
    valid = form.is_valid() if form.is_bound else True
    data = form.cleaned_data if form.is_bound and valid else {}
    rows = queries.public_notices(
        office["site_id"],
        q=data.get("q") or "",
        kind=data.get("kind") or "",
        year=data.get("year"),
    )
    page = Paginator(rows if valid else rows.none(), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return _render(
        request,
        "portal_notice_list.html",
        office,
        status=200 if valid else 400,
        form=form,
        page=page,
        querystring=query.urlencode(),
        years=queries.notice_years(office["site_id"]),
        kinds=NoticeKind.choices,
        title=_("Procurement notices"),
    )


def notice_detail(request, site: str, number: str):
    """One notice: title, number, dates and its text (escaped, line breaks kept)."""
    office = _office(site)
    notice = queries.public_notice(office["site_id"], number)
    if notice is None:
        raise Http404
    return _render(
        request,
        "portal_notice_detail.html",
        office,
        notice=notice,
        kind_label=NoticeKind(notice["kind"]).label,
        title=notice["title"],
    )


def project_procedure(request, site: str, number: str):
    """采购程序公开: the method and its legal basis, the stages reached with their dates, the
    notices of one project."""
    office = _office(site)
    projects = queries.public_projects(office["site_id"], number=number)
    if not projects:
        raise Http404
    project = projects[0]
    notices = queries.notices_of([project["id"]])
    kinds = {n["kind"] for n in notices}
    stage_labels = dict(Stage.choices)
    rows = queries.stages_of([project["id"]])
    stages = [(stage_labels.get(s["stage"], s["stage"]), s["at"]) for s in rows]
    return _render(
        request,
        "portal_project.html",
        office,
        project=project,
        method_label=Method(project["method"]).label,
        legal_basis=LEGAL_BASIS.get(project["method"], ""),
        stages=stages,
        notices=notices,
        show_budget=bool(kinds & set(queries.ANNOUNCING_KINDS)) or NoticeKind.RESULT in kinds,
        show_winner=NoticeKind.RESULT in kinds,
        show_contract=NoticeKind.CONTRACT in kinds,
        title=project["title"],
    )


class NoticeFeed(Feed):
    """The Atom feed of the public notices, newest first; ``?kind=`` narrows it."""

    feed_type = Atom1Feed

    def get_object(self, request, site: str):
        office = _office(site)
        kind = request.GET.get("kind", "")
        office["kind"] = kind if kind in NoticeKind.values else ""
        return office

    def title(self, office):
        label = NoticeKind(office["kind"]).label if office["kind"] else _("Procurement notices")
        return f"{office['name']} · {label}"

    def subtitle(self, office):
        return office["portal_intro"][:200] or office["name"]

    def link(self, office):
        return reverse("procurement_public:notice_list", kwargs={"site": office["site__code"]})

    def items(self, office):
        # The site code rides on each row: one Feed instance serves every request at once.
        code = office["site__code"]
        rows = queries.public_notices(
            office["site_id"], kind=office["kind"], fields=queries.NOTICE_DETAIL_FIELDS
        )
        return [{**row, "site_code": code} for row in rows[:FEED_SIZE]]

    def item_title(self, item):
        return item["title"]

    def item_description(self, item):
        # The body is plain text; the summary is HTML, so it is escaped, its breaks kept.
        return linebreaksbr(escape(item["body"]))

    def item_link(self, item):
        return _notice_url(item["site_code"], item["number"])

    # No item_guid: each entry's id is then its absolute link, the notice's own page, unique
    # across sites (a bare record number is neither a URI nor unique).

    def item_pubdate(self, item):
        return item["published_at"]

    def item_updateddate(self, item):
        return item["published_at"]

    def item_categories(self, item):
        return [NoticeKind(item["kind"]).label]


def _notice_url(site_code: str, number: str) -> str:
    return reverse("procurement_public:notice_detail", kwargs={"site": site_code, "number": number})


def _json(data: dict) -> JsonResponse:
    """JSON in readable Chinese (not \\u escapes), as OCDS publishers do."""
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Access-Control-Allow-Origin"] = "*"  # open data: anyone may read it
    return response


def ocds_releases(request, site: str):
    """The OCDS release package of the projects with notices published in ``?year=`` (all
    years when absent)."""
    office = _office(site)
    raw = request.GET.get("year", "").strip()
    if raw and not (YEAR.fullmatch(raw) and 2000 <= int(raw) <= 2100):
        return JsonResponse({"error": _("Give the year as four digits, e.g. 2006.")}, status=400)
    projects = queries.public_projects(office["site_id"], year=int(raw) if raw else None)
    uri = request.build_absolute_uri()
    return _json(ocds.release_package(office=office, projects=projects, uri=uri))


def ocds_project(request, site: str, number: str):
    """The OCDS release package of one project."""
    office = _office(site)
    projects = queries.public_projects(office["site_id"], number=number)
    if not projects:
        raise Http404
    uri = request.build_absolute_uri()
    return _json(ocds.release_package(office=office, projects=projects, uri=uri))


urlpatterns = [
    path("", index, name="index"),
    path("notices/", notice_list, name="notice_list"),
    path("notices/<slug:number>/", notice_detail, name="notice_detail"),
    path("projects/<slug:number>/", project_procedure, name="project"),
    path("feed/", NoticeFeed(), name="feed"),
    path("ocds/releases.json", ocds_releases, name="ocds_releases"),
    path("ocds/<slug:number>.json", ocds_project, name="ocds_project"),
]
