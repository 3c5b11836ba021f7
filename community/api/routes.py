"""JSON API routes: Markdown preview and the OpenAPI document."""

from __future__ import annotations

from typing import Any

from flask import current_app, jsonify, request

from community.api import bp
from community.api.openapi import build_document
from community.exceptions import ValidationFailed
from community.markup import render_markdown


@bp.get("/openapi.json")
def openapi() -> Any:
    """The OpenAPI 3.1 description of this API."""
    return jsonify(build_document())


@bp.post("/preview")
def preview() -> Any:
    """Render Markdown exactly as it will be stored (sanitised), for the live preview."""
    payload = request.get_json(silent=True)
    source = payload.get("text") if isinstance(payload, dict) else request.form.get("text")
    if not isinstance(source, str):
        raise ValidationFailed("Send {'text': '...'} to preview.")
    if len(source) > current_app.config["BODY_MAX"]:
        raise ValidationFailed(f"Text is longer than {current_app.config['BODY_MAX']} characters.")
    return jsonify({"html": render_markdown(source)})
