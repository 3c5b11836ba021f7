"""Forms of the moderation pages and buttons. They parse and carry CSRF; rules live in the
services so every caller is refused the same way."""

from __future__ import annotations

import re

from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import Optional

from community.models import FLAG_REASONS
from community.moderation.flags import RESOLUTIONS
from community.moderation.service import CLOSE_REASONS, SUSPENSION_DAYS

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

    reason = SelectField(
        "Why should a moderator look at this?",
        choices=list(FLAG_REASONS.items()),
        validate_choice=False,
    )
    note = TextAreaField("Details (needed for 'something else')", validators=[Optional()])


class CloseForm(FlaskForm):
    """Close a question with a reason from the list."""

    reason = SelectField("Close reason", choices=list(CLOSE_REASONS.items()), validate_choice=False)
    note = StringField("Note (optional)", validators=[Optional()])


class DuplicateForm(FlaskForm):
    """Mark a question as a duplicate of another."""

    original = StringField("Original question (number or link)")
    reason = StringField("Reason (optional)", validators=[Optional()])


class ResolveForm(FlaskForm):
    """A one-click decision in the flag queue."""

    resolution = SelectField(choices=list(RESOLUTIONS.items()), validate_choice=False)


class InfoRequestForm(FlaskForm):
    """Ask the asker for missing details."""

    text = TextAreaField("What information is missing?")


class SuspendForm(FlaskForm):
    """Suspend an account for a period."""

    days = SelectField(
        "Suspend for",
        choices=[(str(d), f"{d} day{'s' if d != 1 else ''}") for d in SUSPENSION_DAYS],
        validate_choice=False,
    )
    reason = TextAreaField("Reason (the member sees it)")
