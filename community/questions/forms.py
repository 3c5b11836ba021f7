"""Forms for asking, answering, commenting, editing and voting.

Forms only parse and carry CSRF; length and tag rules live in the service so the API and the
HTML routes refuse the same things with the same messages.
"""

from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, IntegerField, StringField, TextAreaField
from wtforms.validators import Optional


class AskForm(FlaskForm):
    """Title, Markdown body and tags of a new question."""

    title = StringField("Title")
    body = TextAreaField("Describe your problem")
    tags = StringField("Tags (1-5, separated by spaces)")
    session_token = HiddenField()


class EditQuestionForm(AskForm):
    """Editing a question: same fields plus the version the editor started from."""

    version = IntegerField(validators=[Optional()])
    comment = StringField("Edit summary", validators=[Optional()])


class AnswerForm(FlaskForm):
    """A new answer."""

    body = TextAreaField("Your answer")


class EditAnswerForm(AnswerForm):
    """Editing an answer."""

    version = IntegerField(validators=[Optional()])
    comment = StringField("Edit summary", validators=[Optional()])


class CommentForm(FlaskForm):
    """A comment on a question or answer."""

    body = TextAreaField("Add a comment")


class ActionForm(FlaskForm):
    """A button that changes state: carries only the CSRF token."""


class OfficialForm(FlaskForm):
    """Mark or unmark an answer as official."""

    official = BooleanField()
