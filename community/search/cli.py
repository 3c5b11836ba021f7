"""``flask search ...``: reindex, check, eval and sync."""

from __future__ import annotations

import json
import sys
import time
from typing import Any

import click
from sqlalchemy import select

from community.extensions import db
from community.models import Question, QuestionAlias
from community.search.evaluation import (
    PROTOCOLS,
    STRICT,
    evaluate,
    format_metrics,
    format_other_protocol,
    read_jsonl,
)
from community.search.runtime import get_search

SHOWN_IDS = 20


@click.group("search")
def search_cli() -> None:
    """The search index: rebuild, check for drift, evaluate relevance."""


@search_cli.command("reindex")
def reindex() -> None:
    """Rebuild the whole index from the database (atomic swap; safe while the site runs)."""
    started = time.perf_counter()
    count = get_search().rebuild(progress=lambda n: click.echo(f"  {n} documents indexed"))
    click.echo(f"indexed {count} documents in {time.perf_counter() - started:.1f}s")


@search_cli.command("check")
@click.option("--fix", is_flag=True, help="Index missing and stale documents, drop orphans.")
def check(fix: bool) -> None:
    """Report documents missing from, stale in, or orphaned in the index; exit 1 on drift."""
    search = get_search()
    report = search.check()
    if report.status != "opened":
        click.echo(f"index was {report.status}: it was missing or unreadable")
    click.echo(
        f"database {report.database} documents, index {report.indexed}, "
        f"{report.pending} queued changes"
    )
    for label, ids in (
        ("missing", report.missing),
        ("stale", report.stale),
        ("orphaned", report.orphaned),
    ):
        shown = " ".join(ids[:SHOWN_IDS]) + (" ..." if len(ids) > SHOWN_IDS else "")
        click.echo(f"{label}: {len(ids)}" + (f"  {shown}" if ids else ""))
    if not report.has_drift:
        click.echo("index is in sync")
        return
    if fix:
        search.repair(report)
        click.echo("drift repaired")
        return
    click.echo("drift found: run `flask search check --fix` or `flask search reindex`")
    sys.exit(1)


@search_cli.command("sync")
def sync() -> None:
    """Apply queued changes (the outbox) now, e.g. after the index was busy."""
    click.echo(f"applied {get_search().drain()} queued changes")


def _alias_map() -> dict[str, list[str]]:
    """Return external id -> alias ids of imported questions (one statement)."""
    out: dict[str, list[str]] = {}
    for external_id, alias in db.session.execute(
        select(Question.external_id, QuestionAlias.alias).join(
            Question, Question.id == QuestionAlias.question_id
        )
    ):
        if external_id:
            out.setdefault(external_id, []).append(alias)
    return out


def _read_queries(path: str) -> list[dict[str, Any]]:
    queries = []
    for n, line in enumerate(read_jsonl(path), 1):
        if not isinstance(line, dict) or not {"qid", "title", "relevant"} <= set(line):
            raise click.ClickException(f"{path} line {n}: needs qid, title and relevant")
        queries.append(line)
    return queries


@search_cli.command("eval")
@click.argument("queries_path", metavar="QUERIES.jsonl", type=click.Path(exists=True))
@click.option("--k", default=10, show_default=True, type=click.IntRange(1, 50))
@click.option(
    "--per-query",
    "per_query_path",
    type=click.Path(dir_okay=False, writable=True),
    help='Write {"qid", "ranked": [external ids]} per query to this file.',
)
@click.option(
    "--protocol",
    type=click.Choice(PROTOCOLS),
    default=STRICT,
    show_default=True,
    help="strict: a hit counts for its own id and corpus aliases; dup-aware: identical copies "
    "are folded into one hit that counts for every copy (what the ask page shows).",
)
def eval_command(queries_path: str, k: int, per_query_path: str | None, protocol: str) -> None:
    """Score the suggestion engine on QUERIES.jsonl (qid, title, body, relevant)."""
    try:
        queries = _read_queries(queries_path)
    except (ValueError, OSError) as err:
        raise click.ClickException(f"cannot read {queries_path}: {err}") from err
    index = get_search().index()
    result = evaluate(index, queries, k=k, aliases=_alias_map(), protocol=protocol)
    click.echo(f"protocol    {protocol}")
    click.echo(f"queries     {result['n']}")
    for key, label in (
        ("recall@1", "recall@1"),
        ("recall@5", "recall@5"),
        ("recall@10", "recall@10"),
        ("mrr@10", "MRR@10"),
    ):
        click.echo(f"{label:<11} {result[key]:.4f}")
    click.echo(f"latency     p50 {result['p50_ms']:.2f} ms, p95 {result['p95_ms']:.2f} ms")
    if per_query_path:
        with open(per_query_path, "w", encoding="utf-8") as out:
            for row in result["per_query"]:
                out.write(json.dumps({"qid": row["qid"], "ranked": row["ranked"]}) + "\n")
    other = format_other_protocol(result)
    if other:
        click.echo(other)
    click.echo(format_metrics(result))
