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


class LongTextQuestionBlock(QuestionBlock):
    word_limit = blocks.IntegerBlock(default=500, min_value=1, max_value=10000)

    class Meta:
        icon = "doc-full"
        label = "Long text (word limit)"


class ChoiceQuestionBlock(QuestionBlock):
    choices = blocks.ListBlock(
        blocks.CharBlock(max_length=255), min_num=1, help_text="One option per item."
    )
    allow_multiple = blocks.BooleanBlock(required=False, default=False)

    class Meta:
        icon = "list-ul"
        label = "Choice"


class DateQuestionBlock(QuestionBlock):
    class Meta:
        icon = "date"
        label = "Date"


class NumberQuestionBlock(QuestionBlock):
    min_value = blocks.DecimalBlock(required=False)
    max_value = blocks.DecimalBlock(required=False)

    class Meta:
        icon = "order"
        label = "Number"


class FileQuestionBlock(QuestionBlock):
    """Answered with the id of an attachment uploaded to the application."""

    class Meta:
        icon = "doc-empty"
        label = "File (PDF, DOCX or ODT)"


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
