"""Forms for the video library. They parse and carry CSRF; the rules live in the service."""

from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField


class VideoForm(FlaskForm):
    """A library video: link, title, description, product tags, transcript, duration."""

    url = StringField("Video link (YouTube or Vimeo)")
    title = StringField("Title")
    description = TextAreaField("Description")
    tags = StringField("Product tags (separated by spaces)")
    transcript = TextAreaField("Transcript or chapters")
    duration = StringField("Duration (3:45), if known")


class ProposeVideoForm(FlaskForm):
    """A member proposes a video for a question."""

    url = StringField("Video link (YouTube or Vimeo)")
    title = StringField("What the video shows (optional)")


class VideoActionForm(FlaskForm):
    """A button that changes state: carries only the CSRF token."""
