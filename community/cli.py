"""The ``flask --app community ...`` commands."""

from __future__ import annotations

import click
from flask import Flask

from community.exceptions import DomainError
from community.extensions import db


@click.group("users")
def users_cli() -> None:
    """Manage user accounts."""


@users_cli.command("create")
@click.argument("name")
@click.option(
    "--role",
    default="member",
    show_default=True,
    type=click.Choice(["member", "moderator", "staff", "admin"]),
)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--email", default=None)
def create_user(name: str, role: str, password: str, email: str | None) -> None:
    """Create a user NAME with a role."""
    from community.auth.service import register_user

    try:
        user = register_user(name, password, email, role)
        db.session.commit()
    except DomainError as err:
        db.session.rollback()
        raise click.ClickException(err.message) from err
    click.echo(f"created {user.username} ({user.role})")


@click.command("seed-demo")
@click.option("--reset/--no-reset", default=False, help="Delete existing content first.")
def seed_demo(reset: bool) -> None:
    """Fill a believable demo support community (idempotent unless --reset)."""
    from community.demo import seed

    created = seed(reset=reset)
    db.session.commit()
    click.echo(
        "demo data: " + (", ".join(f"{v} {k}" for k, v in created.items()) or "already present")
    )


@click.command("import-questions")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--batch", default=1000, show_default=True)
def import_questions(path: str, batch: int) -> None:
    """Import questions from JSONL (optionally .gz): id, title, body, tags[, answers]."""
    from community.importer import import_jsonl

    stats = import_jsonl(path, batch=batch, progress=lambda n: click.echo(f"  {n} lines read"))
    click.echo(
        f"imported {stats['created']} questions, {stats['skipped']} already present, "
        f"{stats['invalid']} invalid lines"
    )


def register_cli(app: Flask) -> None:
    """Attach commands to the app's CLI."""
    app.cli.add_command(users_cli)
    app.cli.add_command(seed_demo)
    app.cli.add_command(import_questions)
