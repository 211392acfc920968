"""StreamField blocks shared by every app's pages.

Block names are API discriminators: snake_case and stable. Renaming one is a
breaking change for every frontend.
"""

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.contrib.typed_table_block.blocks import TypedTableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul", "h3", "h4"]


class LinkBlock(blocks.StructBlock):
    """A link to a page of this site or to an external address."""

    page = blocks.PageChooserBlock(
        required=False, help_text="Link to a page of this site (preferred)."
    )
    url = blocks.URLBlock(
        required=False, label="URL", help_text="Or an external address."
    )
    label = blocks.CharBlock(
        required=False,
        max_length=80,
        label="Link text",
        help_text="Defaults to the page title. In a call to action, the button label is used instead.",
    )

    class Meta:
        icon = "link"
        label = "Link"
        description = "A link to a page of this site, or to another website."
        preview_value = {"url": "https://example.org/", "label": "Example"}

    def clean(self, value):
        result = super().clean(value)
        if not result.get("page") and not result.get("url"):
            # Wagtail renders each child's error through `.messages`: a bare
            # string here turned the re-rendered form into a 500.
            raise blocks.StructBlockValidationError(
                block_errors={
                    "page": ValidationError("Choose a page or enter an address.")
                }
            )
        return result


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=150, help_text="The heading text.")
    level = blocks.ChoiceBlock(
        choices=[
            ("h2", "Section (h2)"),
            ("h3", "Subsection (h3)"),
            ("h4", "Minor (h4)"),
        ],
        default="h2",
        help_text="Use h2 for sections and h3/h4 inside them.",
    )

    class Meta:
        icon = "title"
        label = "Heading"
        description = "A section heading; use it to break long pages into parts."
        preview_value = {"text": "Our work with libraries in Ukraine", "level": "h2"}


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        label = "Paragraph"
        description = "Formatted text: bold, italic, links, lists and subheadings."
        preview_value = (
            "<p>Libraries and their staff have been <b>badly affected</b>.</p>"
        )


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        required=False,
        max_length=250,
        help_text=(
            "Describe the image for people who cannot see it. Leave empty to use "
            "the image's own description; tick 'decorative' if it adds nothing."
        ),
    )
    decorative = blocks.BooleanBlock(
        required=False, help_text="Decorative images are hidden from screen readers."
    )
    caption = blocks.CharBlock(
        required=False, max_length=250, help_text="Shown under the image."
    )

    class Meta:
        icon = "image"
        label = "Image"
        description = "An image from the library, with a caption and a description for screen readers."
        preview_template = "core/block_previews/placeholder.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(help_text="The quotation, without quotation marks.")
    attribution = blocks.CharBlock(
        required=False, max_length=150, help_text="Who said it."
    )
    source = blocks.CharBlock(
        required=False,
        max_length=250,
        help_text="Where it was said or published (optional).",
    )

    class Meta:
        icon = "openquote"
        label = "Quote"
        description = "A quotation with who said it and where."
        preview_value = {
            "text": "Libraries change lives.",
            "attribution": "A reader",
            "source": "",
        }


class CallToActionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, help_text="A short invitation.")
    text = blocks.TextBlock(required=False, help_text="One or two sentences.")
    link = LinkBlock(help_text="Where the button goes.")
    button_label = blocks.CharBlock(
        max_length=40,
        label="Button text",
        help_text="The button's text, e.g. 'Become a member'.",
    )
    style = blocks.ChoiceBlock(
        choices=[("primary", "Primary"), ("secondary", "Secondary")],
        default="primary",
        help_text="Primary for the main action on a page.",
    )

    class Meta:
        icon = "pick"
        label = "Call to action"
        description = "A short invitation with a button, e.g. 'Become a member'."
        preview_value = {
            "heading": "Join a global profession",
            "text": "Membership is open to library workers everywhere.",
            "link": {"url": "https://example.org/join", "label": ""},
            "button_label": "Become a member",
            "style": "primary",
        }


class VideoEmbedBlock(EmbedBlock):
    class Meta:
        icon = "media"
        label = "Embed"
        help_text = "Paste a YouTube, Vimeo or other oEmbed address."
        description = "A video or other media from YouTube, Vimeo and similar sites, by its address."
        preview_template = "core/block_previews/placeholder.html"


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(help_text="The file to link to.")
    title = blocks.CharBlock(
        required=False,
        max_length=150,
        help_text="Link text; defaults to the document's title.",
    )

    class Meta:
        icon = "doc-full"
        label = "Document link"
        description = (
            "A link to a file from the documents library, e.g. a report in PDF."
        )
        preview_template = "core/block_previews/placeholder.html"


class TableBlock(TypedTableBlock):
    text = blocks.CharBlock(required=False)
    numeric = blocks.DecimalBlock(required=False)
    rich_text = blocks.RichTextBlock(
        features=["bold", "italic", "link"], required=False
    )

    class Meta:
        icon = "table"
        label = "Table"
        help_text = "Add columns of text, numbers or formatted text; give it a caption."
        description = "A table of text, numbers or formatted text, with a caption."
        preview_template = "core/block_previews/placeholder.html"


class AccordionItemBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=150, help_text="The question or title.")
    body = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES, help_text="Shown when the item is opened."
    )

    class Meta:
        icon = "list-ul"
        label = "Accordion item"
        description = "A question or title that opens to show more text."
        preview_value = {
            "heading": "Who can apply?",
            "body": "<p>Any library worker.</p>",
        }


class AccordionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, max_length=150, help_text="Optional.")
    items = blocks.ListBlock(AccordionItemBlock(), min_num=1)

    class Meta:
        icon = "list-ul"
        label = "Accordion"
        description = "Questions or titles that open to show more text, e.g. FAQs."
        preview_value = {
            "heading": "Questions",
            "items": [
                {"heading": "Who can apply?", "body": "<p>Any library worker.</p>"}
            ],
        }


class KeyFactBlock(blocks.StructBlock):
    value = blocks.CharBlock(
        max_length=30, help_text="The figure, e.g. '1927' or '150+'."
    )
    label = blocks.CharBlock(
        max_length=80, label="What it means", help_text="What the figure means."
    )
    description = blocks.TextBlock(required=False, help_text="Optional context.")

    class Meta:
        icon = "success"
        label = "Key fact"
        description = "One figure with what it means, e.g. '150+ countries'."
        preview_value = {"value": "150+", "label": "countries", "description": ""}


class KeyFactsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, max_length=150, help_text="Optional.")
    facts = blocks.ListBlock(KeyFactBlock(), min_num=1, max_num=8)

    class Meta:
        icon = "success"
        label = "Key facts"
        description = "Up to eight figures shown side by side, e.g. '1927: founded'."
        preview_value = {
            "heading": "In numbers",
            "facts": [
                {"value": "1927", "label": "founded"},
                {"value": "150+", "label": "countries"},
            ],
        }


class PageLinkCardsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, max_length=150, help_text="Optional.")
    pages = blocks.ListBlock(
        blocks.PageChooserBlock(),
        min_num=1,
        help_text="Shown as cards with each page's title, summary and image.",
    )

    class Meta:
        icon = "doc-empty"
        label = "Page link cards"
        description = (
            "Cards linking to other pages, with their titles, summaries and images."
        )
        preview_template = "core/block_previews/placeholder.html"


class OrganisationListBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, max_length=150, help_text="Optional.")
    organisations = blocks.ListBlock(
        SnippetChooserBlock("core.Organisation"),
        min_num=1,
        help_text="Partners, funders or members, shown with their logos.",
    )

    class Meta:
        icon = "group"
        label = "Organisation list"
        description = "Partners, funders or members with their logos, from Snippets > Organisations."
        preview_template = "core/block_previews/placeholder.html"
