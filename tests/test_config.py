"""Configuration loading order and validation."""

from __future__ import annotations

import pytest

from community import create_app
from community.config import ConfigError


def test_default_secret_refused_in_production(monkeypatch, tmp_path):
    monkeypatch.delenv("COMMUNITY_SECRET_KEY", raising=False)
    with pytest.raises(ConfigError):
        create_app(
            {
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db",
                "SECRET_KEY": "dev-insecure-secret-key",
            }
        )


def test_environment_overrides_and_types(monkeypatch, tmp_path):
    monkeypatch.setenv("COMMUNITY_DEFLECTION_WINDOW_MINUTES", "45")
    monkeypatch.setenv("COMMUNITY_DEFLECTION_COST_PER_CONTACT", "7.5")
    monkeypatch.setenv("COMMUNITY_DATABASE_URL", "postgresql://u@127.0.0.1:5432/x")
    monkeypatch.setenv("COMMUNITY_SEARCH_INDEX_DIR", str(tmp_path / "idx"))
    app = create_app({"TESTING": True})
    assert app.config["DEFLECTION_WINDOW_MINUTES"] == 45
    assert app.config["DEFLECTION_COST_PER_CONTACT"] == 7.5
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql+psycopg://")
    assert app.config["SEARCH_INDEX_DIR"] == str(tmp_path / "idx")


def test_argument_wins_over_environment(monkeypatch):
    monkeypatch.setenv("COMMUNITY_DEFLECTION_CURRENCY", "EUR")
    assert (
        create_app({"TESTING": True, "DEFLECTION_CURRENCY": "GBP"}).config["DEFLECTION_CURRENCY"]
        == "GBP"
    )


def test_invalid_values_fail_fast():
    with pytest.raises(ConfigError):
        create_app({"TESTING": True, "DEFLECTION_WINDOW_MINUTES": 0})
