"""The changes feed's shapes (named components of the contract)."""

from typing import Any, cast

from rest_framework import serializers

from api.content.params import PageTypesField


class ChangesParams(serializers.Serializer):
    since = serializers.CharField(
        required=False,
        max_length=200,
        help_text=(
            "The `cursor` of the previous response. Without it the feed starts "
            "with a snapshot of every public page, then follows the log."
        ),
    )
    limit = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=500,
        default=100,
        help_text="Items per response (default 100, max 500).",
    )
    type = PageTypesField(
        required=False,
        help_text="Page types, comma-separated, e.g. `solidarity_statement`.",
    )
    section = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text="Only pages below this page id (e.g. a section index page).",
    )
    locale = serializers.ChoiceField(
        required=False,
        choices=[],
        help_text="Only pages in this language (e.g. `fr`); all languages if absent.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from core.locales import content_languages

        super().__init__(*args, **kwargs)
        locale = cast(serializers.ChoiceField, self.fields["locale"])
        locale.choices = list(content_languages())


class ChangeItemSerializer(serializers.Serializer):
    action = serializers.ChoiceField(
        choices=[("upsert", "upsert"), ("delete", "delete")],
        help_text=(
            "`upsert`: the page is public, store it as given (fetch its content "
            "from `pages/{id}/`). `delete`: it is no longer public (unpublished, "
            "deleted, password-protected, members-only or moved away): remove it."
        ),
    )
    event = serializers.CharField(
        help_text=(
            "What surfaced it: `snapshot`, or the change log kind "
            "(`page.published`, `page.unpublished`, `page.moved`, "
            "`page.deleted`, `restriction.changed`, `snippet.changed`, ...)."
        )
    )
    change_id = serializers.IntegerField(
        allow_null=True, help_text="The change log row (null in the snapshot)."
    )
    id = serializers.IntegerField(help_text="The page id.")
    type = serializers.CharField(
        allow_null=True, help_text="The page type, as in `pages/`."
    )
    title = serializers.CharField(allow_null=True)
    path = serializers.CharField(
        allow_null=True, help_text="Frontend path (for a tombstone: its last one)."
    )
    url = serializers.CharField(allow_null=True)
    last_published_at = serializers.DateTimeField(allow_null=True)


class ChangeListSerializer(serializers.Serializer):
    results = ChangeItemSerializer(many=True)
    cursor = serializers.CharField(
        help_text="Pass as `since` to continue from here (opaque)."
    )
    next = serializers.URLField(help_text="This endpoint with `since=cursor`.")
    has_more = serializers.BooleanField(
        help_text="True: call `next` now. False: caught up; poll `next` later."
    )
