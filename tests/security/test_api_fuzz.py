"""The JSON API fuzzed from its own OpenAPI document (schemathesis): no 5xx, and every response
matches the documented schema, status and content type. Bounded and deterministic.

New API routes are fuzzed as soon as they are in community/api/openapi.py PATHS.
"""

from __future__ import annotations

from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import positive_data_acceptance

from community.extensions import db

FUZZ_SETTINGS = settings(
    max_examples=40,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)


def _state_dependent(case: Any) -> bool:
    """Schema-valid requests that the app refuses (422) because of earlier state, as documented:
    an outcome for an item not opened in the session, or the same item listed twice."""
    body = case.body if isinstance(case.body, dict) else {}
    if case.path != "/api/v1/deflection/events":
        return False
    if body.get("kind") in ("solved_yes", "solved_no"):
        return True
    items = body.get("items") or []
    keys = [(i.get("kind"), i.get("id")) for i in items if isinstance(i, dict)]
    return len(keys) != len(set(keys))


def test_api_matches_its_document(app, make_question, make_answer):
    make_answer(make_question())
    db.session.commit()
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert operations, "the OpenAPI document lists no operation"
    for operation in operations:

        @FUZZ_SETTINGS
        @given(case=operation.as_strategy())
        def fuzz(case):
            excluded = [positive_data_acceptance] if _state_dependent(case) else []
            response = case.call_and_validate(excluded_checks=excluded)
            assert response.status_code < 500

        fuzz()
