"""Recording ask-session events: strict validation, idempotency, per-session limits, retention.

Events are appended, never updated. Each row carries a ``dedupe_key`` made of (session, kind,
item) with a unique index, and rows are inserted with ``ON CONFLICT DO NOTHING``, so reloads and
duplicate beacons are no-ops on every backend. A session accepts events for
``DEFLECTION_SESSION_MAX_HOURS`` after its first one; that bound is what lets daily roll-ups be
rebuilt once and stay true.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import case, delete, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError

from community import signals
from community.exceptions import DomainError, RateLimited, ValidationFailed
from community.extensions import db
from community.models import ITEM_KINDS, DeflectionEvent, utcnow

logger = logging.getLogger(__name__)

TOKEN_RE = re.compile(r"^[0-9a-f]{32}$")
CLIENT_KINDS = ("ask_started", "suggestions_shown", "suggestion_opened", "solved_yes", "solved_no")
ITEM_EVENT_KINDS = ("suggestion_opened", "solved_yes", "solved_no")
PAYLOAD_KEYS = frozenset({"session", "kind", "items", "item"})
ITEM_KEYS = frozenset({"kind", "id", "rank"})
MAX_ID = 2**31 - 1
MAX_RANK = 50


@dataclass(frozen=True)
class EventItem:
    """A question or video an event is about, with its rank in the suggestion list."""

    kind: str
    id: int
    rank: int | None = None


def _fail(message: str, field: str = "payload") -> ValidationFailed:
    """A ValidationFailed naming the offending field."""
    return ValidationFailed(message, {field: [message]})


def is_token(raw: Any) -> bool:
    """Whether ``raw`` is a well-formed ask session token (32 lowercase hex characters)."""
    return isinstance(raw, str) and TOKEN_RE.fullmatch(raw) is not None


def parse_token(raw: Any) -> str:
    """A valid session token, or ValidationFailed."""
    if not is_token(raw):
        raise _fail("The session token must be 32 lowercase hexadecimal characters.", "session")
    return str(raw)


def _int_in(raw: Any, low: int, high: int) -> int | None:
    """An int within bounds (bools and strings refused), else None.

    JSON does not tell 3 from 3.0 (JSON Schema calls both integers), so integral floats count.
    """
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, bool) or not isinstance(raw, int) or not low <= raw <= high:
        return None
    return raw


def parse_item(raw: Any, field: str = "item", rank_required: bool = True) -> EventItem:
    """An item ``{"kind", "id", "rank"}``, strictly checked."""
    if not isinstance(raw, dict) or not set(raw) <= ITEM_KEYS:
        raise _fail("An item is an object with kind, id and rank only.", field)
    if raw.get("kind") not in ITEM_KINDS:
        raise _fail(f"An item's kind is one of: {', '.join(ITEM_KINDS)}.", field)
    item_id = _int_in(raw.get("id"), 1, MAX_ID)
    if item_id is None:
        raise _fail("An item's id is a positive integer.", field)
    rank = _int_in(raw.get("rank"), 1, MAX_RANK)
    if rank is None and (rank_required or raw.get("rank") is not None):
        raise _fail(f"An item's rank is an integer from 1 to {MAX_RANK}.", field)
    return EventItem(str(raw["kind"]), item_id, rank)


def parse_payload(payload: Any) -> tuple[str, str, list[EventItem]]:
    """Validate a client event payload into (token, kind, items); anything odd is refused."""
    if not isinstance(payload, dict):
        raise _fail("Send a JSON object: {session, kind, item | items}.")
    unknown = set(payload) - PAYLOAD_KEYS
    if unknown:
        raise _fail("Unknown field: " + ", ".join(sorted(str(k)[:40] for k in unknown)[:5]) + ".")
    token = parse_token(payload.get("session"))
    kind = payload.get("kind")
    if kind not in CLIENT_KINDS:
        raise _fail(f"kind is one of: {', '.join(CLIENT_KINDS)}.", "kind")
    items: list[EventItem] = []
    if kind == "ask_started":
        if "item" in payload or "items" in payload:
            raise _fail("ask_started carries no item.")
    elif kind == "suggestions_shown":
        raw_items = payload.get("items")
        limit = current_app.config["DEFLECTION_MAX_ITEMS"]
        if "item" in payload or not isinstance(raw_items, list) or not raw_items:
            raise _fail("suggestions_shown carries a non-empty list of items.", "items")
        if len(raw_items) > limit:
            raise _fail(f"At most {limit} items per event.", "items")
        for raw in raw_items:
            item = parse_item(raw, "items")
            if any((i.kind, i.id) == (item.kind, item.id) for i in items):
                raise _fail("The same item is listed twice.", "items")
            items.append(item)
    else:
        if "items" in payload:
            raise _fail(f"{kind} carries one item, not a list.", "item")
        items.append(parse_item(payload.get("item"), rank_required=kind == "suggestion_opened"))
    return token, str(kind), items


def dedupe_key(token: str, kind: str, item: EventItem | None = None) -> str:
    """The idempotency key of an event: one row per (session, kind, item)."""
    return f"{token}:{kind}" if item is None else f"{token}:{kind}:{item.kind}:{item.id}"


def _check_session(token: str, adding: int, now: datetime, limited: bool) -> None:
    """Refuse events for an expired session, or beyond the per-session cap and rate."""
    cfg = current_app.config
    row = db.session.execute(
        select(
            func.count(DeflectionEvent.id),
            func.min(DeflectionEvent.created_at),
            func.coalesce(
                func.sum(
                    case((DeflectionEvent.created_at >= now - timedelta(minutes=1), 1), else_=0)
                ),
                0,
            ),
        ).where(DeflectionEvent.session_token == token)
    ).one()
    total, first_at, last_minute = int(row[0] or 0), row[1], int(row[2] or 0)
    if isinstance(first_at, datetime) and now - first_at > timedelta(
        hours=cfg["DEFLECTION_SESSION_MAX_HOURS"]
    ):
        raise _fail("This ask session has expired; reload the ask page.", "session")
    if not limited:
        return
    if total + adding > cfg["DEFLECTION_MAX_EVENTS_PER_SESSION"]:
        raise RateLimited("This ask session has recorded as many events as it may.")
    if last_minute + adding > cfg["DEFLECTION_MAX_EVENTS_PER_MINUTE"]:
        raise RateLimited("Too many events for this ask session; slow down.")


def insert_ignoring_conflicts(model: Any, rows: list[dict[str, Any]], keys: list[str]) -> int:
    """Insert rows, skipping any that clash on the unique ``keys``; return how many were stored."""
    dialect = db.session.get_bind().dialect.name
    if dialect in ("sqlite", "postgresql"):
        insert = sqlite_insert if dialect == "sqlite" else pg_insert
        stored = 0
        for start in range(0, len(rows), 500):  # stay under SQLite's bound-parameter limit
            # RETURNING counts what was really inserted: rowcount is not reliable for
            # multi-row INSERT ... ON CONFLICT across drivers.
            table = model.__table__
            stmt = insert(table).values(rows[start : start + 500])
            stmt = stmt.on_conflict_do_nothing(index_elements=keys)
            key = table.c[keys[0]]
            stored += len(db.session.execute(stmt.returning(key)).all())
        return stored
    stored = 0
    for values in rows:  # other backends: one savepoint per row
        try:
            with db.session.begin_nested():
                db.session.add(model(**values))
            stored += 1
        except IntegrityError:
            continue
    return stored


def record_events(
    token: str,
    kind: str,
    items: list[EventItem],
    now: datetime | None = None,
    question_id: int | None = None,
    limited: bool = True,
) -> int:
    """Append one event per item (or one without item); duplicates are ignored. Flushes only.

    Returns the number of rows stored (0 when everything was a duplicate).
    """
    now = now or utcnow()
    targets: list[EventItem | None] = list(items) or [None]
    _check_session(token, len(targets), now, limited)
    if kind in ("solved_yes", "solved_no"):
        for item in items:
            opened = dedupe_key(token, "suggestion_opened", item)
            if (
                db.session.scalar(
                    select(DeflectionEvent.id).where(DeflectionEvent.dedupe_key == opened)
                )
                is None
            ):
                raise _fail("That item was not opened from a suggestion in this session.", "item")
    rows = [
        {
            "session_token": token,
            "kind": kind,
            "item_kind": item.kind if item else None,
            "item_id": item.id if item else None,
            "rank": item.rank if item else None,
            "question_id": question_id,
            "created_at": now,
            "dedupe_key": dedupe_key(token, kind, item),
        }
        for item in targets
    ]
    stored = insert_ignoring_conflicts(DeflectionEvent, rows, ["dedupe_key"])
    if stored and kind in OUTCOME_KINDS:
        # Reputation credits deflections to answers; it listens instead of being called here.
        for item in items:
            signals.deflection_recorded.send(
                None, session_token=token, kind=kind, item_kind=item.kind, item_id=item.id
            )
    return stored


OUTCOME_KINDS = frozenset({"solved_yes", "solved_no", "question_posted"})


def record_client_event(payload: Any, now: datetime | None = None) -> int:
    """Validate and record an event sent by the browser (beacon or form)."""
    token, kind, items = parse_payload(payload)
    return record_events(token, kind, items, now)


def record_question_posted(question_id: int, session_token: str) -> bool:
    """The ``community.after_ask`` hook: the session ended with a posted question.

    Never fails the post: a missing or malformed token (no JavaScript, forged form) or an
    expired session only means nothing is recorded.
    """
    if not is_token(session_token):
        return False
    item = EventItem("question", question_id)
    try:
        stored = record_events(
            session_token, "question_posted", [item], question_id=question_id, limited=False
        )
    except DomainError as err:
        logger.info("question_posted not recorded for question %s: %s", question_id, err.message)
        return False
    return stored > 0


def record_opened_from_page(item_kind: str, item_id: int, token: Any, rank: Any) -> bool:
    """The ``community.suggestion_opened`` hook: a page was loaded from a suggestion link.

    ``token`` and ``rank`` come straight from the query string; junk is ignored (the page must
    render anyway). Returns whether a new event was stored.
    """
    if not is_token(token) or item_kind not in ITEM_KINDS:
        return False
    try:
        parsed_rank = int(rank) if rank not in (None, "") else None
    except (TypeError, ValueError):
        parsed_rank = None
    if parsed_rank is not None and not 1 <= parsed_rank <= MAX_RANK:
        parsed_rank = None
    try:
        return (
            record_events(
                str(token), "suggestion_opened", [EventItem(item_kind, item_id, parsed_rank)]
            )
            > 0
        )
    except DomainError as err:
        logger.info("suggestion_opened not recorded for %s %s: %s", item_kind, item_id, err.message)
        return False


def prune_events(now: datetime, retention_days: int) -> int:
    """Delete events older than the retention period; daily roll-ups are kept. Flushes only."""
    if retention_days < 1:
        raise ValidationFailed("The retention period is at least one day.")
    cutoff = now - timedelta(days=retention_days)
    result = db.session.execute(delete(DeflectionEvent).where(DeflectionEvent.created_at < cutoff))
    deleted = max(int(getattr(result, "rowcount", 0) or 0), 0)
    logger.info("pruned %s deflection events older than %s days", deleted, retention_days)
    return deleted
