"""Moderation tests create many users (reporters, moderators): reuse one password hash.

scrypt takes about a quarter of a second per hash; the accounts are otherwise identical to the
shared ``make_user`` factory's, so logging in with PASSWORD works the same.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask

from community.extensions import db
from community.models import User
from tests.conftest import PASSWORD, _counter

_HASHES: dict[str, str] = {}


@pytest.fixture
def make_user(app: Flask) -> Callable[..., User]:
    """Factory like the shared one, hashing each distinct password only once per run."""

    def make(
        role: str = "member", username: str | None = None, password: str = PASSWORD, **fields: Any
    ) -> User:
        if password not in _HASHES:
            probe = User(username="-")
            probe.set_password(password)
            _HASHES[password] = probe.password_hash
        user = User(
            username=username or f"{role}{next(_counter)}",
            role=role,
            password_hash=_HASHES[password],
            **fields,
        )
        db.session.add(user)
        db.session.commit()
        return user

    return make
