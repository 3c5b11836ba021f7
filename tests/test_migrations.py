"""Upgrading an empty database to head gives exactly the models' schema."""

from __future__ import annotations

import os
import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from community import create_app
from community.extensions import db


@pytest.fixture
def empty_database_url(tmp_path):
    if os.environ.get("COMMUNITY_TEST_BACKEND") != "postgres":
        yield f"sqlite:///{tmp_path}/migrations.db"
        return
    base = make_url(
        os.environ["COMMUNITY_TEST_DATABASE_URL"].replace(
            "postgresql://", "postgresql+psycopg://", 1
        )
    )
    name = f"community_mig_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield base.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def test_upgrade_to_head_matches_models(empty_database_url, tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": empty_database_url,
            "SEARCH_INDEX_DIR": str(tmp_path / "idx"),
        }
    )
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = compare_metadata(ctx, db.metadata)
        assert diff == [], diff
        downgrade(revision="base")
        with db.engine.connect() as conn:
            from sqlalchemy import inspect

            assert set(inspect(conn).get_table_names()) <= {"alembic_version"}
        db.engine.dispose()
