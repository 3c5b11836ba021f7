"""Register, log in, log out."""

from __future__ import annotations

import logging
import smtplib
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_user, logout_user

from community.auth import service
from community.auth.forms import LoginForm, RegisterForm
from community.exceptions import DomainError
from community.extensions import db
from community.notifications.mail import send_mail
from community.questions.forms import ActionForm
from community.routing import commit, require_form

logger = logging.getLogger(__name__)

bp = Blueprint("auth", __name__, url_prefix="/auth")


def safe_next(target: str | None) -> str:
    """Only local paths are followed after login (no open redirect)."""
    if not target:
        return url_for("questions.index")
    parts = urlsplit(target)
    if (
        parts.scheme
        or parts.netloc
        or not target.startswith("/")
        or target.startswith("//")
        or "\\" in target
    ):
        return url_for("questions.index")
    return target


def _mail_clash(owner: Any) -> None:
    """Tell the owner of a taken address; a mail failure must not fail the sign-up."""
    mail = service.registration_clash_mail(
        owner,
        current_app.config["SITE_NAME"],
        current_app.config["SITE_URL"].rstrip("/") + url_for("auth.login"),
    )
    try:
        send_mail(mail)
    except (OSError, smtplib.SMTPException):
        logger.warning("could not mail user %s about a registration with their address", owner.id)


@bp.route("/register", methods=["GET", "POST"])
def register() -> Any:
    """Create a member account and log in."""
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user, email_owner = service.register_member(
                form.username.data or "", form.password.data or "", form.email.data
            )
        except DomainError as err:
            db.session.rollback()
            for name, messages in err.errors.items():
                getattr(form, name).errors = list(messages)
            return render_template("auth/register.html", form=form, error=err.message), err.status
        commit()
        if email_owner is not None:
            _mail_clash(email_owner)
        login_user(user)
        # The same answer whether or not the e-mail was already registered (no enumeration).
        flash("Welcome! Your account is ready.", "success")
        return redirect(safe_next(request.args.get("next")))
    status = 422 if request.method == "POST" else 200
    return render_template("auth/register.html", form=form, error=None), status


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    """Log in with username and password."""
    form = LoginForm()
    if form.validate_on_submit():
        user = service.authenticate(form.username.data or "", form.password.data or "")
        if user is None:
            return render_template(
                "auth/login.html", form=form, error="Invalid username or password."
            ), 401
        login_user(user, remember=bool(form.remember.data))
        flash(f"Logged in as {user.username}.", "success")
        return redirect(safe_next(request.args.get("next")))
    status = 422 if request.method == "POST" else 200
    return render_template("auth/login.html", form=form, error=None), status


@bp.post("/logout")
def logout() -> Any:
    """Log out (POST with CSRF, so a link on another site cannot log you out)."""
    require_form(ActionForm())
    if current_user.is_authenticated:
        logout_user()
    flash("You are logged out.", "info")
    return redirect(url_for("questions.index"))
