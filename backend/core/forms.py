"""Admin forms shared by the apps: times typed in the zone of what they describe.

An event in Tokyo or a grant round closing in Nairobi is entered as the
organisers give it ("10:00"), with the zone in another field of the same form.
Django would read "10:00" in the site's zone (`TIME_ZONE`) and show stored
times back in it, so a Tokyo webinar entered as 10:00 became 19:00+09:00.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.admin.forms import WagtailAdminPageForm


def _zone(name: object) -> ZoneInfo | None:
    if not isinstance(name, str) or not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


class ZonedDateTimeField(forms.DateTimeField):
    """A wall-clock date and time, read and shown in the zone `zone()` names.

    Without a usable zone (none chosen yet, or an invalid one, which its own
    field reports) it behaves as Django's field, in the site's zone.
    """

    def __init__(self, *, zone: Callable[[], ZoneInfo | None], **kwargs) -> None:
        self.zone = zone
        super().__init__(**kwargs)

    def to_python(self, value):
        zone = self.zone()
        if zone is None:
            return super().to_python(value)
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):
            return value
        # Parse as a plain wall time: UTC has no gaps to refuse it for.
        with timezone.override(datetime.UTC):
            parsed = super().to_python(value)
        if parsed is None:
            return None
        wall = parsed.replace(tzinfo=None)
        result = wall.replace(tzinfo=zone)
        if (
            result.astimezone(datetime.UTC).astimezone(zone).replace(tzinfo=None)
            != wall
        ):
            raise ValidationError(
                "%(time)s does not exist in %(zone)s (the clocks go forward then).",
                code="nonexistent_time",
                params={"time": wall.strftime("%Y-%m-%d %H:%M"), "zone": zone.key},
            )
        return result

    def prepare_value(self, value):
        zone = self.zone()
        if (
            zone is not None
            and isinstance(value, datetime.datetime)
            and timezone.is_aware(value)
        ):
            return timezone.localtime(value, zone).replace(tzinfo=None)
        return super().prepare_value(value)


def _zone_reader(
    form: forms.BaseForm, zone_field: str
) -> Callable[[], ZoneInfo | None]:
    """The zone the form names: as typed when bound, else as stored."""

    def read() -> ZoneInfo | None:
        if form.is_bound:
            return _zone(form.data.get(form.add_prefix(zone_field)))
        initial = form.initial.get(zone_field)
        if initial is None:
            initial = getattr(getattr(form, "instance", None), zone_field, None)
        return _zone(initial)

    return read


def use_zone(form: forms.BaseForm, *, zone_field: str, fields: Iterable[str]) -> None:
    """Make `fields` of `form` wall times in the zone its `zone_field` names."""
    for name in fields:
        field = form.fields.get(name)
        if field is None or isinstance(field, ZonedDateTimeField):
            continue
        zoned = ZonedDateTimeField(
            zone=_zone_reader(form, zone_field),
            required=field.required,
            widget=field.widget,
            label=field.label,
            help_text=field.help_text,
            initial=field.initial,
            disabled=field.disabled,
        )
        zoned.error_messages.update(field.error_messages)
        form.fields[name] = zoned


@dataclass(frozen=True)
class ZonedTimes:
    """Date-time fields given in the zone another field of the same form names."""

    zone: str
    times: tuple[str, ...]


class BasePageForm(WagtailAdminPageForm):
    """The admin form of every page type.

    Browsers cut text pasted into an input with `maxlength` without a word, so
    a 300-character title was saved as its first 255 characters. Without the
    attribute the field's own validation names the limit and keeps the text.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("title", "seo_title", "draft_title"):
            field = self.fields.get(name)
            if isinstance(field, forms.CharField) and field.max_length:
                field.widget.attrs.pop("maxlength", None)
                field.error_messages["max_length"] = (
                    "At most %(limit_value)d characters: this has %(show_value)d. "
                    "Shorten it; nothing was cut."
                )


class ZonedTimesPageForm(BasePageForm):
    """A page form whose times (its own, or its inline rows') follow a zone field.

    `zoned_times` maps "" (the page itself) or an inline panel's relation name
    to the `ZonedTimes` of that form.
    """

    zoned_times: dict[str, ZonedTimes] = {}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for relation, spec in self.zoned_times.items():
            if not relation:
                use_zone(self, zone_field=spec.zone, fields=spec.times)
                continue
            formset = self.formsets.get(relation)
            if formset is None:
                continue
            for form in formset.forms:
                use_zone(form, zone_field=spec.zone, fields=spec.times)
