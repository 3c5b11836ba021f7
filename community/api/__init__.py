"""The JSON API blueprint under /api/v1."""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from community.api import routes  # noqa: E402,F401 - registers the routes on bp
