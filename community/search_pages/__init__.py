"""The search page blueprint, and the wiring of the search index into the application."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Set up the index (lazily opened), its sync after commit, CLI, health probe and pages."""
    from community.api.search import bp as api_bp
    from community.search import sync
    from community.search.cli import search_cli
    from community.search.runtime import EXTENSION, AppSearch
    from community.search.sources import register_builtin_sources
    from community.search_pages.links import item_url
    from community.search_pages.routes import bp

    search = AppSearch(app)
    app.extensions[EXTENSION] = search
    app.extensions["community.index_health"] = search.health
    register_builtin_sources()
    sync.connect()
    app.cli.add_command(search_cli)
    app.register_blueprint(bp)
    app.register_blueprint(api_bp)
    app.jinja_env.globals["search_item_url"] = item_url
