"""Forms of the info screens: a screen, and a message with its screens."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from houqin.core.forms import DateTimeInput, StyledFormMixin
from houqin.core.models import Location
from houqin.core.validators import validate_date_in_range
from houqin.signage.models import Message, Screen

validate_moment_in_range = validate_date_in_range


class SiteFixedMixin:
    """The site is chosen on creation and fixed afterwards; choices follow it."""

    def limit_to_sites(self, sites):
        if self.instance.pk:
            self.fields["site"].disabled = True
        site_ids = [self.instance.site_id] if self.instance.pk else list(sites)
        self.limit_choices(site_ids)


class ScreenForm(SiteFixedMixin, StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Screen
        fields = [
            "site",
            "code",
            "name",
            "kind",
            "location",
            "refresh_seconds",
            "is_portrait",
            "is_active",
        ]

    def limit_choices(self, sites):
        self.fields["location"].queryset = Location.objects.filter(site__in=sites)


class MessageForm(SiteFixedMixin, StyledFormMixin, forms.ModelForm):
    video_url = forms.URLField(
        label=Message._meta.get_field("video_url").verbose_name,
        required=False,
        assume_scheme="https",
        help_text=_("Shown as a link and a QR code, never played inside."),
    )

    class Meta:
        model = Message
        fields = [
            "site",
            "title",
            "kind",
            "body",
            "image",
            "video_url",
            "valid_from",
            "valid_until",
            "seconds",
            "all_screens",
            "screens",
        ]
        widgets = {
            "valid_from": DateTimeInput(),
            "valid_until": DateTimeInput(),
            "body": forms.Textarea(attrs={"rows": 4}),
            "screens": forms.CheckboxSelectMultiple(),
            "image": forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["screens"].widget.attrs["class"] = "form-check-input"
        for name in ("valid_from", "valid_until"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
            self.fields[name].validators.append(validate_moment_in_range)

    def limit_choices(self, sites):
        self.fields["screens"].queryset = Screen.objects.filter(site__in=sites, is_active=True)
