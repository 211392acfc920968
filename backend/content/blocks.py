"""The one body StreamBlock shared by editorial pages, and page-specific blocks."""

from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from core import blocks as core_blocks


class TestimonialBlock(SnippetChooserBlock):
    def __init__(self, **kwargs):
        super().__init__("content.Testimonial", **kwargs)

    class Meta:
        icon = "openquote"
        label = "Testimonial"
        help_text = "Choose a testimonial from Snippets > Testimonials."
        description = (
            "What someone said about the association, from Snippets > Testimonials."
        )
        preview_template = "core/block_previews/placeholder.html"


class BodyBlock(blocks.StreamBlock):
    heading = core_blocks.HeadingBlock()
    paragraph = core_blocks.ParagraphBlock()
    image = core_blocks.CaptionedImageBlock()
    quote = core_blocks.QuoteBlock()
    testimonial = TestimonialBlock()
    call_to_action = core_blocks.CallToActionBlock()
    embed = core_blocks.VideoEmbedBlock()
    document = core_blocks.DocumentLinkBlock()
    table = core_blocks.TableBlock()
    accordion = core_blocks.AccordionBlock()
    key_facts = core_blocks.KeyFactsBlock()
    page_links = core_blocks.PageLinkCardsBlock()
    organisation_list = core_blocks.OrganisationListBlock()

    class Meta:
        icon = "doc-full"
        label = "Body"
        description = "The page's content, block by block."


class SessionBlock(blocks.StructBlock):
    starts_at = blocks.TimeBlock(help_text="Local time at the event.")
    ends_at = blocks.TimeBlock(required=False, help_text="Optional.")
    title = blocks.CharBlock(max_length=200, help_text="The session's title.")
    speakers = blocks.CharBlock(
        required=False, max_length=250, help_text="Names, separated by commas."
    )
    description = blocks.TextBlock(required=False, help_text="A short summary.")

    class Meta:
        icon = "time"
        label = "Session"
        description = "One session of the programme: times, title and speakers."
        preview_value = {
            "starts_at": "10:00",
            "ends_at": "11:00",
            "title": "Opening keynote",
            "speakers": "A. Speaker",
            "description": "",
        }


class EventDayBlock(blocks.StructBlock):
    date = blocks.DateBlock(help_text="The day of these sessions.")
    sessions = blocks.ListBlock(SessionBlock(), min_num=1)

    class Meta:
        icon = "date"
        label = "Day"
        description = "One day of the programme and its sessions."
        preview_template = "core/block_previews/placeholder.html"


class EventProgrammeBlock(blocks.StreamBlock):
    day = EventDayBlock()

    class Meta:
        icon = "date"
        label = "Programme"
        description = "The event's programme, day by day."
