"""Users and roles."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from community.extensions import db
from community.models.base import UTCDateTime, utcnow

ROLES = ("member", "moderator", "staff", "admin")
# werkzeug's scrypt defaults (N=32768, r=8, p=1). Tests lower N to keep the suite fast; the
# stored hash carries its own parameters, so verification always uses what was used to hash.
PASSWORD_HASH_METHOD = "scrypt"  # noqa: S105 - a hash method name, not a password


class User(UserMixin, db.Model):  # type: ignore[name-defined,misc]
    """A person with an account: member, moderator, staff or admin."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(40), unique=True)
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default="member")
    bio: Mapped[str] = mapped_column(String(1000), default="")
    reputation: Mapped[int] = mapped_column(default=0)
    # Code of the highest badge earned (community/reputation/badges.py), shown next to the name
    # without a query per user.
    top_badge: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    suspended_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    suspension_reason: Mapped[str | None] = mapped_column(String(500))

    __table_args__ = (Index("ix_users_role", "role"), Index("ix_users_reputation", "reputation"))

    def set_password(self, password: str) -> None:
        """Store a scrypt hash of the password (werkzeug's modern KDF default)."""
        self.password_hash = generate_password_hash(password, method=PASSWORD_HASH_METHOD)

    def check_password(self, password: str) -> bool:
        """Compare a password with the stored hash in constant time."""
        return check_password_hash(self.password_hash, password)

    def is_suspended(self, now: datetime | None = None) -> bool:
        """Whether the user is currently suspended."""
        return self.suspended_until is not None and self.suspended_until > (now or utcnow())

    @property
    def display_role(self) -> str | None:
        """The role badge shown next to the name, if any."""
        return {"moderator": "Moderator", "staff": "Staff", "admin": "Admin"}.get(self.role)

    def __repr__(self) -> str:
        return f"<User {self.username} {self.role}>"
