"""The "did this solve your problem?" form, which works without JavaScript."""

from flask_wtf import FlaskForm
from wtforms import HiddenField


class FeedbackForm(FlaskForm):
    """Carries the ask session, the item and the verdict (the button pressed)."""

    session = HiddenField()
    item_kind = HiddenField()
    item_id = HiddenField()
    rank = HiddenField()
    verdict = HiddenField()
