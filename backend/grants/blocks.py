"""The questions a scheme asks; answers are keyed by each block's stable id."""

from wagtail import blocks


class QuestionBlock(blocks.StructBlock):
    label = blocks.CharBlock(max_length=255, help_text="The question as shown.")
    help_text = blocks.TextBlock(
        required=False, help_text="Guidance shown under the question."
    )
    required = blocks.BooleanBlock(
        required=False, default=True, help_text="Must be answered before submitting."
    )


class ShortTextQuestionBlock(QuestionBlock):
    max_length = blocks.IntegerBlock(default=255, min_value=1, max_value=1000)

    class Meta:
        icon = "pilcrow"
        label = "Short text"
        description = (
            "A question answered in a line of text, e.g. the project lead's name."
        )
        preview_value = {
            "label": "Name of the project lead",
            "help_text": "",
            "required": True,
            "max_length": 255,
        }


class LongTextQuestionBlock(QuestionBlock):
    word_limit = blocks.IntegerBlock(default=500, min_value=1, max_value=10000)

    class Meta:
        icon = "doc-full"
        label = "Long text (word limit)"
        description = "A question answered in paragraphs, with a word limit."
        preview_value = {
            "label": "What will the collaboration achieve?",
            "help_text": "",
            "required": True,
            "word_limit": 500,
        }


class ChoiceQuestionBlock(QuestionBlock):
    choices = blocks.ListBlock(
        blocks.CharBlock(max_length=255), min_num=1, help_text="One option per item."
    )
    allow_multiple = blocks.BooleanBlock(required=False, default=False)

    class Meta:
        icon = "list-ul"
        label = "Choice"
        description = "A question answered by picking one (or several) of the options."
        preview_value = {
            "label": "Region of the partner library",
            "help_text": "",
            "required": True,
            "choices": ["Africa", "Asia", "Europe"],
            "allow_multiple": False,
        }


class DateQuestionBlock(QuestionBlock):
    class Meta:
        icon = "date"
        label = "Date"
        description = "A question answered with a date, e.g. the project's start."
        preview_value = {"label": "Start date", "help_text": "", "required": False}


class NumberQuestionBlock(QuestionBlock):
    min_value = blocks.DecimalBlock(required=False)
    max_value = blocks.DecimalBlock(required=False)

    class Meta:
        icon = "order"
        label = "Number"
        description = "A question answered with a number, optionally between limits."
        preview_value = {"label": "People reached", "help_text": "", "required": False}


class FileQuestionBlock(QuestionBlock):
    """Answered with the id of an attachment uploaded to the application."""

    class Meta:
        icon = "doc-empty"
        label = "File (PDF, DOCX or ODT)"
        description = "A question answered by uploading a PDF, DOCX or ODT file."
        preview_value = {
            "label": "Project plan",
            "help_text": "PDF, DOCX or ODT.",
            "required": False,
        }


class QuestionsBlock(blocks.StreamBlock):
    short_text = ShortTextQuestionBlock()
    long_text = LongTextQuestionBlock()
    choice = ChoiceQuestionBlock()
    date = DateQuestionBlock()
    number = NumberQuestionBlock()
    file = FileQuestionBlock()

    class Meta:
        icon = "form"
        label = "Questions"
        description = "The questions applicants answer, in order."
