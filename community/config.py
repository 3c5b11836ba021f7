"""Configuration defaults, loading order and validation.

Order: defaults below, then ``instance/config.py``, then ``COMMUNITY_*`` environment variables,
then the mapping passed to ``create_app``. Environment values are parsed to the type of the
default they override.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from flask import Flask

INSECURE_SECRET_KEY = "dev-insecure-secret-key"  # noqa: S105 - the marker we refuse outside dev

DEFAULTS: dict[str, Any] = {
    "SECRET_KEY": INSECURE_SECRET_KEY,
    "DATABASE_URL": "",  # empty: SQLite in the instance folder
    "SEARCH_INDEX_DIR": "",  # empty: instance/search-index
    "SEARCH_ENABLED": True,
    "DEFLECTION_WINDOW_MINUTES": 30,
    "DEFLECTION_COST_PER_CONTACT": 12.0,
    "DEFLECTION_CURRENCY": "USD",
    "DEFLECTION_RETENTION_DAYS": 400,
    "DEFLECTION_SESSION_MAX_HOURS": 6,  # a session accepts events this long after its first
    "DEFLECTION_MAX_EVENTS_PER_SESSION": 200,
    "DEFLECTION_MAX_EVENTS_PER_MINUTE": 60,
    "DEFLECTION_MAX_ITEMS": 10,  # items in one suggestions_shown event
    "DEFLECTION_MAX_PAYLOAD_BYTES": 4096,
    "SERVICE_TARGET_FIRST_ANSWER_HOURS": 24.0,  # published targets shown on /service
    "SERVICE_TARGET_ANSWERED_24H": 0.8,
    "SERVICE_TARGET_SOLVED": 0.5,
    "SERVICE_MIN_SAMPLE": 10,  # fewer answered questions than this: no expectation shown
    "QUESTIONS_PER_PAGE": 20,
    "TITLE_MIN": 10,
    "TITLE_MAX": 150,
    "BODY_MIN": 20,
    "BODY_MAX": 30000,
    "ANSWER_MIN": 10,
    "COMMENT_MIN": 5,
    "COMMENT_MAX": 600,
    "TAGS_MAX": 5,
    "SITE_NAME": "Support Community",
    "RATELIMIT_STORAGE_URI": "memory://",
    "RATELIMIT_ENABLED": True,
    "SESSION_COOKIE_SECURE": False,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    "WTF_CSRF_TIME_LIMIT": None,
    "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
    "AUTO_REBUILD_INDEX": True,
    # Moderation and spam control (community/moderation/, documented in README.md).
    "FLAG_HIDE_THRESHOLD": 3,
    "BLOCKED_WORDS": "",
    "MAX_LINKS_NEW_MEMBER": 2,
    "NEW_MEMBER_DAYS": 1,
    "NEW_MEMBER_REPUTATION": 10,
    "RATELIMIT_POSTING_ACCOUNT": "6 per minute;40 per hour",
    "RATELIMIT_POSTING_ADDRESS": "20 per minute;150 per hour",
    "RATELIMIT_VOTING_ACCOUNT": "30 per minute;300 per day",
    "RATELIMIT_VOTING_ADDRESS": "60 per minute;1000 per day",
    "RATELIMIT_FLAGGING_ACCOUNT": "10 per hour;30 per day",
    "RATELIMIT_FLAGGING_ADDRESS": "30 per hour",
    "RATELIMIT_LOGIN_ADDRESS": "20 per 5 minutes",
    "RATELIMIT_LOGIN_USERNAME": "5 per 5 minutes;20 per day",
    "RATELIMIT_REGISTER_ADDRESS": "5 per hour;20 per day",
    # Reputation (community/reputation/rules.py): points earned from votes per user and UTC day.
    "REPUTATION_DAILY_VOTE_CAP": 200,
    # Outgoing mail. MAIL_BACKEND: "smtp", "console" (logs the mail, no addresses), "memory"
    # (tests); empty means smtp when MAIL_SERVER is set, console otherwise.
    "MAIL_BACKEND": "",
    "MAIL_SERVER": "",
    "MAIL_PORT": 587,
    "MAIL_USERNAME": "",
    "MAIL_PASSWORD": "",
    "MAIL_USE_TLS": True,
    "MAIL_USE_SSL": False,
    "MAIL_TIMEOUT": 10,
    "MAIL_DEFAULT_SENDER": "community@localhost",
    # Absolute base URL for links in e-mails sent from the command line (no request there).
    "SITE_URL": "http://127.0.0.1:5000",
    "NOTIFICATIONS_PER_PAGE": 30,
    "NOTIFICATIONS_MAIL_INTERVAL_MINUTES": 60,
    "NOTIFICATIONS_UNSUBSCRIBE_MAX_AGE_DAYS": 365,
}

ENV_PREFIX = "COMMUNITY_"


class ConfigError(RuntimeError):
    """Raised at startup when the configuration is unusable."""


def _parse(raw: str, default: Any) -> Any:
    """Parse an environment string to the type of the default it overrides."""
    if isinstance(default, bool):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, float):
        return float(raw)
    return raw


def load_config(app: Flask, overrides: Mapping[str, Any] | None = None) -> None:
    """Fill ``app.config`` in the documented order and validate it."""
    app.config.from_mapping(DEFAULTS)
    app.config.from_pyfile("config.py", silent=True)
    for key, raw in os.environ.items():
        if key.startswith(ENV_PREFIX):
            name = key[len(ENV_PREFIX) :]
            app.config[name] = _parse(raw, app.config.get(name, DEFAULTS.get(name, "")))
    if overrides:
        app.config.from_mapping(overrides)
    _derive(app)
    validate_config(app)


def _derive(app: Flask) -> None:
    """Compute settings that depend on others (database URI, index path)."""
    url = app.config.get("SQLALCHEMY_DATABASE_URI") or app.config["DATABASE_URL"]
    if not url:
        url = "sqlite:///" + os.path.join(app.instance_path, "community.db")
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        # psycopg 3 is the driver we ship; make plain URLs use it.
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    app.config["SQLALCHEMY_DATABASE_URI"] = url
    # A database server can drop idle connections: test each one before use. A SQLite file
    # cannot, so it skips the extra round trip on every request.
    app.config.setdefault(
        "SQLALCHEMY_ENGINE_OPTIONS", {"pool_pre_ping": not url.startswith("sqlite")}
    )
    if not app.config["SEARCH_INDEX_DIR"]:
        app.config["SEARCH_INDEX_DIR"] = os.path.join(app.instance_path, "search-index")
    # The remember-me cookie logs a browser in for a year: it is at least as secret as the
    # session, so it follows SESSION_COOKIE_SECURE unless set on its own.
    app.config.setdefault("REMEMBER_COOKIE_SECURE", app.config["SESSION_COOKIE_SECURE"])


def validate_config(app: Flask) -> None:
    """Fail fast on settings that would make the site insecure or broken."""
    cfg = app.config
    if cfg["SECRET_KEY"] in ("", INSECURE_SECRET_KEY) and not (
        cfg.get("DEBUG") or cfg.get("TESTING")
    ):
        raise ConfigError(
            "COMMUNITY_SECRET_KEY is not set: refusing to start with the default key "
            "outside debug or testing."
        )
    if cfg["DEFLECTION_WINDOW_MINUTES"] <= 0:
        raise ConfigError("DEFLECTION_WINDOW_MINUTES must be positive")
    if cfg["DEFLECTION_SESSION_MAX_HOURS"] * 60 < cfg["DEFLECTION_WINDOW_MINUTES"]:
        raise ConfigError("DEFLECTION_SESSION_MAX_HOURS must cover DEFLECTION_WINDOW_MINUTES")
    if cfg["DEFLECTION_RETENTION_DAYS"] < 1:
        raise ConfigError("DEFLECTION_RETENTION_DAYS must be at least 1")
    if cfg["DEFLECTION_COST_PER_CONTACT"] < 0:
        raise ConfigError("DEFLECTION_COST_PER_CONTACT must not be negative")
    if cfg["MAIL_BACKEND"] not in ("", "smtp", "console", "memory"):
        raise ConfigError("MAIL_BACKEND must be smtp, console or memory")
    if cfg["REPUTATION_DAILY_VOTE_CAP"] < 1:
        raise ConfigError("REPUTATION_DAILY_VOTE_CAP must be positive")
    if cfg["QUESTIONS_PER_PAGE"] < 1 or cfg["QUESTIONS_PER_PAGE"] > 100:
        raise ConfigError("QUESTIONS_PER_PAGE must be between 1 and 100")
