"""Cleaning the short texts moderators and members type (reasons, notes, requests)."""

from __future__ import annotations

from typing import Any

from community.exceptions import ValidationFailed


def clean_text(value: Any, field: str, low: int, high: int) -> str:
    """Strip, drop control characters and length-check, or raise ValidationFailed."""
    text = value.strip() if isinstance(value, str) else ""
    text = "".join(ch for ch in text if ch in "\n\t" or ch >= " ")
    if len(text) < low:
        message = (
            f"Please give a {field}."
            if not text
            else f"The {field} needs at least {low} characters."
        )
        raise ValidationFailed(message, {field: [message]})
    if len(text) > high:
        message = f"The {field} must be at most {high} characters."
        raise ValidationFailed(message, {field: [message]})
    return text
