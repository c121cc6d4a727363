"""Pages of the info screens: staff pages for screens and messages, and each screen's public
display page (no login: the secret token in its address is the key)."""

from __future__ import annotations

from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from houqin.core.generic import (
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    ObjectVoidView,
    RestrictedView,
)
from houqin.core.scan import qr_data_uri
from houqin.signage import queries, services
from houqin.signage.choices import MessageKind, MessageStatus
from houqin.signage.filtersets import MessageFilterSet, ScreenFilterSet
from houqin.signage.forms import MessageForm, ScreenForm
from houqin.signage.models import Message, Screen
from houqin.signage.tables import MessageTable, ScreenTable


def changed_fields(form) -> list[str]:
    """The model fields a bound form changed (the service saves only these)."""
    return [name for name in form.changed_data if name not in ("site", "screens")]


# Screens ---------------------------------------------------------------------------------------


class ScreenListView(ObjectListView):
    queryset = Screen.objects.all()
    filterset_class = ScreenFilterSet
    table_class = ScreenTable


class ScreenDetailView(ObjectDetailView):
    """A screen: its fields, its display address (a live preview) and the token renewal."""

    queryset = Screen.objects.select_related("site", "location")
    fields = (
        "code",
        "name",
        "site",
        "kind",
        "location",
        "refresh_seconds",
        "is_portrait",
        "is_active",
        "last_seen_at",
    )

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        screen = context["object"]
        url = reverse("signage:display", kwargs={"token": screen.token})
        context.update(
            display_url=self.request.build_absolute_uri(url),
            renew_url=reverse("signage:screen_token_renew", kwargs={"pk": screen.pk})
            if self.can("change", screen)
            else None,
            showing=list(queries.screen_messages(screen)),
        )
        return context


class ScreenEditView(ObjectEditView):
    queryset = Screen.objects.all()
    form_class = ScreenForm

    def save(self, form):
        return services.screen_save(
            screen=form.instance, by=self.request.user, fields=changed_fields(form)
        )


class ScreenTokenRenewView(RestrictedView):
    """Give a screen a new display address (POST): the old one stops working."""

    queryset = Screen.objects.all()
    action = "change"

    def post(self, request, pk):
        screen = self.get_object()
        services.screen_token_renew(screen=screen, by=request.user)
        flash.success(request, _("The screen has a new display address; open it on the screen."))
        return redirect(screen.get_absolute_url())


# Messages --------------------------------------------------------------------------------------


class MessageListView(ObjectListView):
    queryset = Message.objects.all()
    filterset_class = MessageFilterSet
    table_class = MessageTable

    def get_title(self) -> str:
        return _("Ledger of messages shown on screens")


class MessageDetailView(ObjectDetailView):
    """A message: its fields, a preview of how it looks on a screen, and its workflow buttons."""

    queryset = Message.objects.select_related("site", "created_by", "voided_by")
    fields = (
        "number",
        "title",
        "site",
        "kind",
        "valid_from",
        "valid_until",
        "seconds",
        "all_screens",
        "status",
        "approved_at",
        "created_by",
        "created_at",
    )

    template_name = "signage/message_detail.html"

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        message = context["object"]
        live = message.voided_at is None and self.can("change", message)
        if message.status not in services.EDITABLE:
            context["edit_url"] = None
        context.update(
            screens=list(message.screens.all()),
            preview=[decorate(message, image_url=_staff_image_url(message))],
            submit_url=_url("message_submit", message)
            if live and message.status in services.EDITABLE
            else None,
            withdraw_url=_url("message_withdraw", message)
            if live and message.status in (MessageStatus.PENDING, MessageStatus.APPROVED)
            else None,
        )
        return context


def _url(name: str, message: Message) -> str:
    return reverse(f"signage:{name}", kwargs={"pk": message.pk})


def _staff_image_url(message: Message) -> str:
    return _url("message_image", message) if message.image else ""


def decorate(message: Message, *, image_url: str) -> Message:
    """Give a message what its slide shows: the image's address, a video link's QR code."""
    message.image_src = image_url
    message.qr = qr_data_uri(message.video_url) if message.kind == MessageKind.VIDEO else ""
    return message


class MessageEditView(ObjectEditView):
    queryset = Message.objects.all()
    form_class = MessageForm

    def save(self, form):
        return services.message_save(
            message=form.instance,
            by=self.request.user,
            screens=form.cleaned_data.get("screens"),
            fields=changed_fields(form),
        )


class MessageActionView(RestrictedView):
    """A workflow button of a message (POST): the service decides whether it is allowed."""

    queryset = Message.objects.all()
    action = "change"
    exclude_voided = True
    done = ""

    def post(self, request, pk):
        message = self.get_object()
        try:
            self.act(message)
        except ValidationError as exc:
            flash.error(request, " ".join(exc.messages))
        else:
            flash.success(request, self.done)
        return redirect(message.get_absolute_url())

    def act(self, message: Message) -> None:
        raise NotImplementedError


class MessageSubmitView(MessageActionView):
    @property
    def done(self):
        return _("The message was sent for approval.")

    def act(self, message):
        services.message_submit(message=message, by=self.request.user)


class MessageWithdrawView(MessageActionView):
    @property
    def done(self):
        return _("The message was taken back.")

    def act(self, message):
        services.message_withdraw(message=message, by=self.request.user)


class MessageVoidView(ObjectVoidView):
    queryset = Message.objects.all()

    def void(self, obj, reason: str) -> None:
        services.message_void(message=obj, by=self.request.user, reason=reason)


class MessageImageView(RestrictedView):
    """A message's picture, for those who may see the message (files are never public)."""

    queryset = Message.objects.all()
    exclude_voided = False

    def get(self, request, pk):
        message = self.get_object()
        if not message.image:
            raise Http404
        return _image_response(message, "private, max-age=300")


def _image_response(message: Message, cache: str) -> FileResponse:
    try:
        handle = message.image.open("rb")
    except OSError as exc:
        raise Http404 from exc
    extension = message.image.name.rsplit(".", 1)[-1].lower()
    mime = {ext: mime for mime, ext in services.IMAGE_EXTENSIONS.items()}.get(extension)
    response = FileResponse(handle, content_type=mime or "application/octet-stream")
    response.headers["Cache-Control"] = cache
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


# The public display page -----------------------------------------------------------------------


def _screen_or_404(token: str) -> Screen:
    screen = queries.screen_by_token(token)
    if screen is None:
        raise Http404
    return screen


def _slides(screen: Screen) -> list[Message]:
    return [
        decorate(
            message,
            image_url=reverse("signage:display_image", args=[screen.token, message.pk])
            if message.kind == MessageKind.IMAGE
            else "",
        )
        for message in queries.screen_messages(screen)
    ]


def _public(response: HttpResponse) -> HttpResponse:
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Referrer-Policy"] = "no-referrer"  # the token must not leak to links
    return response


@never_cache
@require_GET
def display(request, token: str):
    """The screen's full-screen page: cycles its current messages and refreshes itself."""
    screen = _screen_or_404(token)
    slides = _slides(screen)
    services.screen_seen(screen=screen)
    html = render_to_string(
        "signage/display.html",
        {
            "screen": screen,
            "messages": slides,
            "feed_url": reverse("signage:display_feed", args=[screen.token]),
            "title": screen.name,
        },
    )
    return _public(HttpResponse(html))


@never_cache
@require_GET
def display_feed(request, token: str):
    """The current messages of the screen as the slides' HTML fragment."""
    screen = _screen_or_404(token)
    slides = _slides(screen)
    services.screen_seen(screen=screen)
    html = render_to_string("signage/_slides.html", {"messages": slides})
    return _public(HttpResponse(html))


@require_GET
def display_image(request, token: str, pk: int):
    """The picture of a message the screen shows now (nothing else is served here)."""
    screen = _screen_or_404(token)
    message = queries.screen_messages(screen).filter(pk=pk, kind=MessageKind.IMAGE).first()
    if message is None or not message.image:
        raise Http404
    return _public(_image_response(message, "private, max-age=300"))
