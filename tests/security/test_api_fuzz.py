"""The JSON API fuzzed from its own OpenAPI document (schemathesis): no 5xx, and every response
matches the documented schema, status and content type. Bounded and deterministic.

New API routes are fuzzed as soon as they are in community/api/openapi.py PATHS.
"""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings

from community.extensions import db

FUZZ_SETTINGS = settings(
    max_examples=40,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)


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
            response = case.call_and_validate()
            assert response.status_code < 500

        fuzz()
