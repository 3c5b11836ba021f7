"""Search bookkeeping: the index outbox and the alias ids of imported questions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from community.extensions import db
from community.models.base import UTCDateTime, utcnow


class SearchOutbox(db.Model):  # type: ignore[name-defined,misc]
    """A document whose index copy must be refreshed, written in the changing transaction.

    Rows are durable: a process that commits a change drains them after the commit; rows it
    could not drain (index busy, crash) wait for the next drainer.
    """

    __tablename__ = "search_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    doc_id: Mapped[str] = mapped_column(String(40))
    enqueued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (Index("ix_search_outbox_doc_id", "doc_id"),)


class QuestionAlias(db.Model):  # type: ignore[name-defined,misc]
    """Another external id under which an imported question is known (same thread, other id)."""

    __tablename__ = "question_aliases"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"))
    alias: Mapped[str] = mapped_column(String(100), unique=True)

    __table_args__ = (Index("ix_question_aliases_question_id", "question_id"),)
