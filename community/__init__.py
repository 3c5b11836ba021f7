"""community: a self-hosted customer self-help Q&A community."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from typing import Any

from flask import Flask

__all__ = ["create_app"]

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the application: configuration, extensions, blueprints, CLI, Jinja, errors."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=os.path.join(ROOT, "templates"),
        static_folder=os.path.join(ROOT, "static"),
    )
    configure_config(app, config)
    configure_logging(app)
    configure_extensions(app)
    configure_blueprints(app)
    configure_templates(app)
    configure_errors(app)
    configure_cli(app)
    configure_integrations(app)
    return app


def configure_config(app: Flask, config: Mapping[str, Any] | None) -> None:
    """Load and validate settings; make sure the instance folder exists."""
    from community.config import load_config

    os.makedirs(app.instance_path, exist_ok=True)
    load_config(app, config)


def configure_logging(app: Flask) -> None:
    """Log INFO and above from our package unless told otherwise."""
    logging.getLogger("community").setLevel(app.config.get("LOG_LEVEL", "INFO"))


def configure_extensions(app: Flask) -> None:
    """Bind database, migrations, login, CSRF and rate limiting to the app."""
    from community.extensions import csrf, db, limiter, login_manager, migrate
    from community.models import User

    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(ROOT, "migrations"))
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please log in to continue."
    login_manager.login_message_category = "info"
    csrf.init_app(app)
    limiter.init_app(app)

    @login_manager.user_loader
    def load_user(user_id: str) -> User | None:
        return db.session.get(User, int(user_id)) if user_id.isdigit() else None


def configure_blueprints(app: Flask) -> None:
    """Register every blueprint."""
    from community.api import bp as api_bp
    from community.auth.routes import bp as auth_bp
    from community.main.routes import bp as main_bp
    from community.questions.routes import bp as questions_bp
    from community.users.routes import bp as users_bp

    for bp in (main_bp, auth_bp, questions_bp, users_bp, api_bp):
        app.register_blueprint(bp)

    from community.video_library import init_app as init_video_library

    init_video_library(app)


def configure_templates(app: Flask) -> None:
    """Jinja globals and filters (permission predicates, dates)."""
    from community.templating import register_templating

    register_templating(app)


def configure_errors(app: Flask) -> None:
    """Error pages, JSON errors under /api, security headers."""
    from community.errors import register_error_handlers
    from community.security import register_input_checks, register_security_headers

    register_error_handlers(app)
    register_security_headers(app)
    register_input_checks(app)


def configure_cli(app: Flask) -> None:
    """The ``flask`` commands."""
    from community.cli import register_cli

    register_cli(app)


def configure_integrations(app: Flask) -> None:
    """Feature packages that hook into the core (search sync, deflection, notifications)."""
    from community import moderation

    moderation.init_app(app)

    from community import notifications, reputation

    reputation.init_app(app)
    notifications.init_app(app)

    from community.search_pages import init_app as init_search

    init_search(app)

    from community.deflection import init_app as init_deflection

    init_deflection(app)
