"""Document dicts (what the app hands over) to index fields, and back from stored fields."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from community.search.schema import SCHEMA_VERSION, clean_text

#: Keys a document dict must have (``external_id`` may be None, ``aliases`` is optional).
REQUIRED_KEYS = ("doc_id", "kind", "title", "body")
KINDS = frozenset({"question", "video"})


class InvalidDocument(ValueError):
    """A document dict is missing a key or has a value of the wrong kind."""


def _utc_naive(value: Any) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise InvalidDocument("created_at must be a timezone-aware datetime")
    return value.astimezone(UTC).replace(tzinfo=None)


def document_version(doc: Mapping[str, Any]) -> str:
    """Return a short hash of everything indexed from ``doc``.

    The ``check`` command computes it for a DB row and compares it with the stored value;
    a difference means the indexed copy is stale.
    """
    created = doc.get("created_at")
    payload = [
        SCHEMA_VERSION,
        doc.get("kind"),
        doc.get("external_id"),
        sorted(doc.get("aliases") or []),
        doc.get("title") or "",
        doc.get("body") or "",
        sorted(doc.get("tags") or []),
        bool(doc.get("solved")),
        int(doc.get("answers") or 0),
        int(doc.get("score") or 0),
        created.isoformat() if isinstance(created, datetime) else None,
    ]
    raw = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return hashlib.blake2b(raw.encode("utf-8"), digest_size=10).hexdigest()


def content_key(title: str, body: str) -> str:
    """Return a hash of the normalised title and body: equal for copies of the same text."""
    norm = " ".join(title.lower().split()) + "\n" + " ".join(body.lower().split())
    return hashlib.blake2b(norm.encode("utf-8"), digest_size=8).hexdigest()


def to_fields(doc: Mapping[str, Any]) -> dict[str, Any]:
    """Return the Whoosh field values for a document dict; raise InvalidDocument if malformed."""
    missing = [key for key in REQUIRED_KEYS if key not in doc]
    if missing:
        raise InvalidDocument(f"document lacks {', '.join(missing)}")
    if doc["kind"] not in KINDS:
        raise InvalidDocument(f"unknown kind {doc['kind']!r}")
    doc_id = str(doc["doc_id"]).strip()
    if not doc_id:
        raise InvalidDocument("empty doc_id")
    title = clean_text(doc.get("title"))
    body = clean_text(doc.get("body"))
    tags = [t.strip().lower() for t in doc.get("tags") or [] if t and t.strip()]
    external_id = doc.get("external_id")
    values: dict[str, Any] = {
        "doc_id": doc_id,
        "kind": doc["kind"],
        "external_id": str(external_id) if external_id is not None else "",
        "aliases": " ".join(str(a) for a in doc.get("aliases") or []),
        "title": title,
        "body": body,
        "spell": title + "\n" + " ".join(tags),
        "tags": ",".join(t.replace(",", " ") for t in tags),
        "solved": bool(doc.get("solved")),
        "answers": int(doc.get("answers") or 0),
        "score": int(doc.get("score") or 0),
        "version": document_version(doc),
        "content_key": content_key(title, body),
    }
    created = _utc_naive(doc.get("created_at"))
    if created is not None:
        values["created_at"] = created
    return values


def stored_tags(stored: Mapping[str, Any]) -> list[str]:
    """Return the tag list of a stored document."""
    raw = stored.get("tags") or ""
    return [t for t in raw.split(",") if t]


def stored_aliases(stored: Mapping[str, Any]) -> list[str]:
    """Return the alias ids of a stored document."""
    return (stored.get("aliases") or "").split()
