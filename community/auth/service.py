"""Accounts: registration, credential checks, roles."""

from __future__ import annotations

import logging
import re
from typing import Any

from sqlalchemy import func, select

from community import permissions as perm
from community.exceptions import Conflict, PermissionDenied, ValidationFailed
from community.extensions import db
from community.models import ROLES, User
from community.notifications.mail import Mail

logger = logging.getLogger(__name__)

USERNAME_RE = re.compile(r"^[A-Za-z0-9_.-]{3,30}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# Compared against when the user does not exist, so a login takes as long either way
# (no account enumeration through timing).
_DUMMY = User(username="-", password_hash="")
_DUMMY.set_password("not-a-real-password")


def register_user(
    username: str, password: str, email: str | None = None, role: str = "member"
) -> User:
    """Create an account; usernames are unique case-insensitively."""
    username = (username or "").strip()
    if not USERNAME_RE.match(username):
        raise ValidationFailed(
            "Usernames are 3-30 letters, digits, dots, dashes or underscores.",
            {"username": ["3-30 letters, digits, dots, dashes or underscores."]},
        )
    if len(password or "") < 8:
        raise ValidationFailed(
            "Passwords need at least 8 characters.", {"password": ["At least 8 characters."]}
        )
    if role not in ROLES:
        raise ValidationFailed(f"Unknown role {role!r}; pick one of {', '.join(ROLES)}.")
    email = (email or "").strip().lower() or None
    if email is not None and not EMAIL_RE.match(email):
        raise ValidationFailed(
            "That e-mail address does not look right.", {"email": ["Invalid e-mail."]}
        )
    taken = db.session.scalar(select(User.id).where(func.lower(User.username) == username.lower()))
    if taken is not None:
        raise Conflict("That username is taken.", {"username": ["That username is taken."]})
    if email and db.session.scalar(select(User.id).where(User.email == email)) is not None:
        raise Conflict(
            "That e-mail address is already registered.",
            {"email": ["Already registered; log in instead."]},
        )
    user = User(username=username, email=email, role=role)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    logger.info("user %s registered with role %s", user.id, role)
    return user


def register_member(username: str, password: str, email: str | None) -> tuple[User, User | None]:
    """Sign-up without account enumeration: (new user, owner of the e-mail if it was taken).

    E-mail addresses are private, so a taken one is not reported: the account is created without
    it and the route mails the address's owner instead (see ``registration_clash_mail``). Usernames
    are public (profile pages), so a taken username is still refused.
    """
    wanted = (email or "").strip().lower() or None
    owner = None
    if wanted is not None and EMAIL_RE.match(wanted):
        owner = db.session.scalar(select(User).where(User.email == wanted))
    user = register_user(username, password, None if owner is not None else wanted)
    if owner is not None:
        logger.info("registration of user %s reused an address of user %s", user.id, owner.id)
    return user, owner


def registration_clash_mail(owner: User, site_name: str, login_url: str) -> Mail:
    """What the owner of a taken address is told (only they learn it is registered)."""
    return Mail(
        to=owner.email or "",
        subject=f"{site_name}: someone tried to register with your e-mail address",
        body=(
            f"Someone, perhaps you, just created an account on {site_name} and gave this e-mail "
            "address. It already belongs to your account, so it was not added to the new one.\n\n"
            f"If it was you: you already have an account, username {owner.username}. Log in at "
            f"{login_url}\n\nIf it was not you, you can ignore this message; nothing about your "
            "account has changed.\n"
        ),
    )


def authenticate(username: str, password: str) -> User | None:
    """The user for these credentials, or None; same work whether or not the user exists."""
    user = db.session.scalar(
        select(User).where(func.lower(User.username) == (username or "").strip().lower())
    )
    if user is None:
        _DUMMY.check_password(password or "")
        return None
    return user if user.check_password(password or "") else None


def change_role(actor: Any, target: User, role: str) -> User:
    """An admin changes another user's role."""
    if role not in ROLES:
        raise ValidationFailed(f"Unknown role {role!r}.")
    if not perm.can_change_role(actor, target, role):
        raise PermissionDenied("Only admins can change roles, and not their own.")
    logger.info("user %s role %s -> %s by admin %s", target.id, target.role, role, actor.id)
    target.role = role
    db.session.flush()
    return target
