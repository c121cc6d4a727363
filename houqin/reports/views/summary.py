"""The annual work summary page and the editor of its wording.

The summary is read with ``reports.view_report`` at the site (or at every site it covers). Its
wording is per site; the wording of the all-sites summary (``site`` null) belongs to the whole
installation, so it is shown and changed only by a user who may change the wording at every
active site (a superuser, or someone holding ``reports.change_summarytext`` everywhere)."""

from __future__ import annotations

from dataclasses import asdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from houqin.core.inputs import is_site_code
from houqin.core.models import Site
from houqin.core.permissions import has_perm_at, sites_with_perm
from houqin.reports.choices import SummaryPart, SummaryTextKind
from houqin.reports.forms import SummaryTextForm
from houqin.reports.models import SummaryText
from houqin.reports.views.scope import MIN_YEAR, report_scope, summary_year

VIEW_TEXT = "reports.view_summarytext"
CHANGE_TEXT = "reports.change_summarytext"
YEARS_SHOWN = 25


# --- year, site and permissions ------------------------------------------------------------


def _years() -> range:
    return range(timezone.localdate().year, MIN_YEAR - 1, -1)[:YEARS_SHOWN]


def everywhere(user, perm: str) -> bool:
    """Whether ``user`` holds ``perm`` at every active site (the installation's wording)."""
    ids = sites_with_perm(user, perm)
    if ids is None:
        return True
    active = set(Site.objects.filter(is_active=True).values_list("pk", flat=True))
    return bool(ids) and active <= ids


def may_wording(user, perm: str, site_id: int | None) -> bool:
    """``perm`` on the wording of a site; the installation's wording needs the right to change
    it at every site, even to read it."""
    if site_id is None:
        return everywhere(user, CHANGE_TEXT)
    return has_perm_at(user, perm, site_id)


def _require(user, perm: str) -> None:
    if not has_perm_at(user, perm):
        raise PermissionDenied


def _text(request, pk: int, *, change: bool = False) -> SummaryText:
    """The piece of wording in the URL: 404 when the user may not see it, 403 when they may
    see but not change it."""
    _require(request.user, VIEW_TEXT)
    text = SummaryText.objects.select_related("site").filter(pk=pk).first()
    if text is None or not may_wording(request.user, VIEW_TEXT, text.site_id):
        raise Http404
    if change and not may_wording(request.user, CHANGE_TEXT, text.site_id):
        raise PermissionDenied
    return text


def _site_query(site: Site | None, year: int | None = None) -> str:
    params = {"site": site.code} if site else {}
    if year is not None:
        params["year"] = year
    return "?" + urlencode(params) if params else ""


# --- the summary page -----------------------------------------------------------------------


def _pdf_available() -> bool:
    """Whether the PDF can be made here (LibreOffice found); False until its module exists."""
    try:
        from houqin.reports.summary.pdf import pdf_available
    except ImportError:
        return False
    return pdf_available()


def _left_out(summary, site: Site | None) -> int:
    """How many included points the summary printed none of (no data for the year)."""
    from houqin.reports.queries import summary_texts

    printed = {point.key for part in summary.parts for point in part.points}
    keys = summary_texts(site).filter(kind=SummaryTextKind.POINT, enabled=True)
    return sum(1 for key in keys.values_list("key", flat=True) if key not in printed)


LEAD_ENDS = ("。", "，", "；", "：", "！", "？")


def _shown_parts(summary) -> list[dict]:
    """Each part with its numbered heading (一、…) and each point's lead closed by 。, as the
    Word document prints them."""
    parts = []
    for part in summary.parts:
        number = part.number if part.number.endswith("、") else f"{part.number}、"
        heading = part.heading if part.heading.startswith(number) else number + part.heading
        points = [
            {"key": p.key, "lead": _lead(p.number, p.lead), "text": p.text} for p in part.points
        ]
        parts.append({"key": part.key, "heading": heading, "intro": part.intro, "points": points})
    return parts


def _lead(number: str, lead: str) -> str:
    if lead and not lead.endswith(LEAD_ENDS):
        lead += "。"
    return number + lead


@login_required
def summary_page(request):
    """The year's work summary as the reader sees it, with its charts and its downloads."""
    from houqin.reports.summary.build import summary_build

    site_ids, site = report_scope(request, one_site_as_site=True)
    year = summary_year(request)
    summary = summary_build(year=year, site_ids=site_ids, site=site)
    can_edit = may_wording(request.user, CHANGE_TEXT, site.pk if site else None)
    context = {
        "title": _("Annual work summary %(year)d") % {"year": year},
        "summary": summary,
        "parts": _shown_parts(summary),
        "charts": [asdict(chart) for chart in summary.charts],
        "year": year,
        "years": _years(),
        "site": site,
        "query": _site_query(site, year),
        "pdf": _pdf_available(),
        "can_edit": can_edit,
        "left_out": _left_out(summary, site) if can_edit else 0,
    }
    return render(request, "reports/summary.html", context)


# --- the wording list -----------------------------------------------------------------------


def _wording_site(request) -> Site | None:
    """The site whose wording is edited: ``?site=CODE``, the switcher's site, the user's one
    site, or None (the installation's wording, for those who may change it everywhere).

    Raises Http404 for a site the user may not see the wording of, and LookupError when the
    user must choose a site first."""
    code = request.GET.get("site") or (request.site.code if request.site else None)
    if code:
        found = Site.objects.filter(code=code, is_active=True) if is_site_code(code) else None
        site = found.first() if found is not None else None
        if site is None or not has_perm_at(request.user, VIEW_TEXT, site.pk):
            raise Http404
        return site
    if everywhere(request.user, CHANGE_TEXT):
        return None
    ids = sites_with_perm(request.user, VIEW_TEXT)
    if ids is not None and len(ids) == 1:
        return Site.objects.get(pk=next(iter(ids)))
    raise LookupError


def _parts(texts, part: str | None = None) -> list[dict]:
    """The wording grouped by part in the summary's order; points know their neighbours."""
    rows = list(texts)
    parts = []
    for value, label in SummaryPart.choices:
        if part is not None and value != part:
            continue
        in_part = [row for row in rows if row.part == value]
        points = [row for row in in_part if row.kind == SummaryTextKind.POINT]
        for row in in_part:
            row.first = bool(points) and row is points[0]
            row.last = bool(points) and row is points[-1]
        parts.append({"value": value, "label": label, "rows": in_part})
    return parts


def _part_context(request, site: Site | None, part: str | None = None) -> dict:
    from houqin.reports.queries import summary_texts
    from houqin.reports.services import summary_texts_ensure

    summary_texts_ensure(site=site)
    year = summary_year(request)
    return {
        "site": site,
        "year": year,
        "parts": _parts(summary_texts(site), part),
        "can_change": may_wording(request.user, CHANGE_TEXT, site.pk if site else None),
        "query": _site_query(site, year),
    }


def _choose_site(request):
    ids = sites_with_perm(request.user, VIEW_TEXT)
    sites = Site.objects.filter(is_active=True)
    return render(
        request,
        "reports/wording_sites.html",
        {
            "title": _("Summary wording"),
            "sites": sites if ids is None else sites.filter(pk__in=ids),
        },
    )


@login_required
def wording_list(request):
    """The wording of a site's summary, part by part: switch points on and off, reorder them,
    open one to edit."""
    _require(request.user, VIEW_TEXT)
    try:
        site = _wording_site(request)
    except LookupError:
        return _choose_site(request)
    context = _part_context(request, site)
    owner = site.name if site else _("all sites")
    context["title"] = _("Summary wording · %(owner)s") % {"owner": owner}
    context["years"] = _years()
    return render(request, "reports/wording_list.html", context)


def _after_change(request, text: SummaryText):
    """The part again (htmx) or the list (a plain form post)."""
    if request.headers.get("HX-Request"):
        context = _part_context(request, text.site, text.part)
        return render(
            request, "reports/wording_part.html", {**context, "part": context["parts"][0]}
        )
    return redirect(reverse("reports:summary_wording") + _site_query(text.site))


@login_required
@require_POST
def wording_move(request, pk):
    """Move a point up or down within its part."""
    from houqin.reports.services import summary_text_move

    text = _text(request, pk, change=True)
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        return HttpResponseBadRequest(_("Choose up or down."))
    summary_text_move(text=text, user=request.user, up=direction == "up")
    return _after_change(request, text)


@login_required
@require_POST
def wording_toggle(request, pk):
    """Include a piece of wording in the summary, or leave it out."""
    from houqin.reports.services import summary_text_toggle

    text = summary_text_toggle(text=_text(request, pk, change=True), user=request.user)
    return _after_change(request, text)


# --- editing one piece ----------------------------------------------------------------------


def _figure_rows(figures) -> list[dict]:
    """Every figure a template may name, with its Chinese label and this year's value."""
    with translation.override("zh-hans"):
        return [
            {"key": key, "label": str(metric.label), "value": figures.value(key) or "—"}
            for key, metric in figures.metrics.items()
        ]


def _text_names(figures) -> list[dict]:
    from houqin.reports.summary.template import TEXT_NAMES

    return [{"name": name, "value": figures.texts.get(name) or "—"} for name in TEXT_NAMES]


MODIFIER_EXAMPLES = (
    ("", "{services.meeting_services}", "712场"),
    ("数", "会议服务{services.meeting_services|数}场次", "会议服务712场次"),
    ("余", "{relief.supplies.water_bottles|余}", "20000余瓶"),
    ("多", "{relief.donations.total_yuan|多}", "40000多元"),
    ("同比", "{energy.electricity_kwh|同比}", "比上年下降3%"),
    ("上年", "{services.meeting_services|上年}", "650场"),
    ("为零", "[{security.criminal_cases|为零}未发生一起刑事案件]", "未发生一起刑事案件"),
    ("非零", "[{security.criminal_cases|非零}发生刑事案件{security.criminal_cases}]", ""),
)


def _modifiers() -> list[dict]:
    meanings = {
        "": _("the figure with its unit"),
        "数": _("the number alone, to write the unit yourself"),
        "余": _("an approximate figure, floored to its leading digit, with 余"),
        "多": _("an approximate figure, floored to its leading digit, with 多"),
        "同比": _("the change on the year before; no value without last year's figure"),
        "上年": _("last year's figure with its unit"),
        "为零": _("empty text when the figure is zero, no value otherwise"),
        "非零": _("empty text when the figure is not zero, no value otherwise"),
    }
    return [
        {"modifier": m, "meaning": meanings[m], "example": example, "result": result}
        for m, example, result in MODIFIER_EXAMPLES
    ]


def _figures(text: SummaryText, year: int):
    from houqin.reports.summary.build import summary_figures

    site_ids = [text.site_id] if text.site_id else None  # as the preview counts them
    return summary_figures(year=year, site_ids=site_ids, site=text.site)


def _edit_page(request, text: SummaryText, form, *, status: int = 200):
    year = summary_year(request)
    figures = _figures(text, year)
    context = {
        "title": _("Edit the wording: %(piece)s") % {"piece": text},
        "text": text,
        "form": form,
        "year": year,
        "years": _years(),
        "figures": _figure_rows(figures),
        "text_names": _text_names(figures),
        "modifiers": _modifiers(),
        "preview": _preview_context(text, form, year, figures) if form.is_bound else None,
        "can_change": may_wording(request.user, CHANGE_TEXT, text.site_id),
        "back_url": reverse("reports:summary_wording") + _site_query(text.site, year),
    }
    return render(request, "reports/wording_edit.html", context, status=status)


@login_required
def wording_edit(request, pk):
    """Edit a piece's lead phrase and wording, with a live preview and the figures to use."""
    from houqin.reports.services import summary_text_update

    text = _text(request, pk, change=request.method == "POST")
    if request.method != "POST":
        return _edit_page(request, text, SummaryTextForm(text=text))
    form = SummaryTextForm(request.POST, text=text)
    if form.is_valid():
        try:
            summary_text_update(text=text, user=request.user, **form.wording())
        except ValidationError as exc:
            form.add_template_error(exc)
        else:
            messages.success(request, _("The wording is saved."))
            return redirect(reverse("reports:summary_wording") + _site_query(text.site))
    return _edit_page(request, text, form)  # the form again with its errors, as every form


def _missing(template: str, figures) -> list[str]:
    """The names of a left-out template that have no value for the year."""
    from houqin.reports.summary.template import template_names

    missing = []
    for name, modifier in template_names(template):
        shown = "{" + (f"{name}|{modifier}" if modifier else name) + "}"
        no_value = figures.value(name, modifier) is None
        if (no_value or (name in figures.metrics and not figures.has_value(name))) and (
            shown not in missing
        ):
            missing.append(shown)
    return missing


def _preview_context(text: SummaryText, form, year: int, figures=None) -> dict:
    """What the preview shows: the filled point, why it is left out, or the error."""
    from houqin.reports.summary.build import summary_preview

    if not form.is_valid():
        return {"errors": [e for errors in form.errors.values() for e in errors]}
    wording = form.wording()
    try:
        shown = summary_preview(
            text=text, template=wording["template"], lead=wording["lead"], year=year
        )
    except ValidationError as exc:
        return {"errors": exc.messages}
    if shown is None:
        figures = figures or _figures(text, year)
        return {"missing": _missing(wording["template"], figures)}
    return {"shown": shown}


@login_required
@require_POST
def wording_preview(request, pk):
    """The piece as it would print for the year with the wording typed so far (htmx)."""
    text = _text(request, pk)
    year = summary_year(request)
    form = SummaryTextForm(request.POST, text=text)
    preview = _preview_context(text, form, year)
    return render(request, "reports/wording_preview.html", {"preview": preview, "year": year})
