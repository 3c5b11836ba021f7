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
    "QUESTIONS_PER_PAGE": 20,
    "TITLE_MIN": 10,
    "TITLE_MAX": 150,
    "BODY_MIN": 20,
    "BODY_MAX": 30000,
    "ANSWER_MIN": 10,
    "COMMENT_MIN": 5,
    "COMMENT_MAX": 600,
    "TAGS_MAX": 5,
    "SITE_NAME": "Acme Support Community",
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
    if cfg["DEFLECTION_COST_PER_CONTACT"] < 0:
        raise ConfigError("DEFLECTION_COST_PER_CONTACT must not be negative")
    if cfg["QUESTIONS_PER_PAGE"] < 1 or cfg["QUESTIONS_PER_PAGE"] > 100:
        raise ConfigError("QUESTIONS_PER_PAGE must be between 1 and 100")
