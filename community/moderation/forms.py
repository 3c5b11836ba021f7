"""Forms of the moderation pages and buttons. They parse and carry CSRF; the choices (reasons,
periods) are checked by the services, so every caller is refused the same way."""

from __future__ import annotations

import re

from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import Optional

_QUESTION_URL = re.compile(r"/questions/(\d{1,12})(?:[/?#]|$)")


def parse_question_ref(raw: str | None) -> int | None:
    """A question number from '123', '#123' or a question URL; None if it is neither."""
    text = (raw or "").strip().lstrip("#")
    if text.isdigit() and len(text) <= 12:
        return int(text)
    match = _QUESTION_URL.search(text)
    return int(match.group(1)) if match else None


class ReasonForm(FlaskForm):
    """Any moderator action that only needs a reason."""

    reason = StringField("Reason (shown in the moderation log)")


class FlagForm(FlaskForm):
    """A member flags a post."""

    reason = StringField("Why should a moderator look at this?")
    note = TextAreaField("Details (needed for 'something else')", validators=[Optional()])


class CloseForm(FlaskForm):
    """Close a question with a reason from the list."""

    reason = StringField("Close reason")
    note = StringField("Note (optional)", validators=[Optional()])


class DuplicateForm(FlaskForm):
    """Mark a question as a duplicate of another."""

    original = StringField("Original question (number or link)")
    reason = StringField("Reason (optional)", validators=[Optional()])


class ResolveForm(FlaskForm):
    """A one-click decision in the flag queue."""

    resolution = StringField()


class InfoRequestForm(FlaskForm):
    """Ask the asker for missing details."""

    text = TextAreaField("What information is missing?")


class SuspendForm(FlaskForm):
    """Suspend an account for a period."""

    days = StringField("Suspend for")
    reason = TextAreaField("Reason (the member sees it)")
