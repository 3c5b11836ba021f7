"""GET /api/v1/suggest and /api/v1/search: contract, validation, hostile input, permissions."""

from __future__ import annotations

import pytest

from community.api.openapi import build_document
from community.extensions import db


@pytest.fixture
def indexed(app, make_user, make_question, make_answer):
    user = make_user()
    solved = make_question(
        author=user,
        title="Mesh satellite will not pair with the base",
        body="The satellite light keeps blinking blue.",
        tags=("mesh",),
        score=4,
    )
    answer = make_answer(solved, author=user, body="Hold the pair button for ten seconds.")
    solved.accepted_answer_id = answer.id
    open_q = make_question(
        author=user, title="Mesh network slow upstairs", body="Speed halves.", tags=("mesh",)
    )
    hidden = make_question(
        author=user, title="Mesh satellite pairing secret hidden", body="x" * 30, is_hidden=True
    )
    db.session.commit()
    app.extensions["community.search"].rebuild()
    return {"solved": solved, "open": open_q, "hidden": hidden}


TYPES = {
    "object": dict,
    "array": list,
    "string": str,
    "integer": int,
    "boolean": bool,
    "null": type(None),
}


def _check(value, schema, schemas, where="$"):
    """Validate ``value`` against the subset of JSON Schema our OpenAPI document uses."""
    if "$ref" in schema:
        return _check(value, schemas[schema["$ref"].rsplit("/", 1)[1]], schemas, where)
    types = schema.get("type")
    if types is not None:
        allowed = types if isinstance(types, list) else [types]
        ok = any(
            isinstance(value, TYPES[t]) and not (t == "integer" and isinstance(value, bool))
            for t in allowed
        )
        assert ok, f"{where}: {value!r} is not {types}"
    if "enum" in schema:
        assert value in schema["enum"], f"{where}: {value!r} not in {schema['enum']}"
    if "minimum" in schema:
        assert value >= schema["minimum"], where
    if isinstance(value, dict):
        for key in schema.get("required", []):
            assert key in value, f"{where}: missing {key}"
        for key, sub in schema.get("properties", {}).items():
            if key in value:
                _check(value[key], sub, schemas, f"{where}.{key}")
    if isinstance(value, list):
        if "maxItems" in schema:
            assert len(value) <= schema["maxItems"], where
        for i, item in enumerate(value):
            _check(item, schema.get("items", {}), schemas, f"{where}[{i}]")
    return None


def _validate(payload, path):
    doc = build_document()
    schema = doc["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    _check(payload, schema, doc["components"]["schemas"])


def test_suggest_contract(client, indexed):
    response = client.get("/api/v1/suggest?q=satellite+does+not+pair&limit=5")
    assert response.status_code == 200
    payload = response.json
    _validate(payload, "/api/v1/suggest")
    first = payload["results"][0]
    assert set(first) >= {"kind", "id", "title", "url", "solved", "answers", "score", "highlights"}
    assert first["kind"] == "question" and first["id"] == indexed["solved"].id
    assert first["url"] == f"/questions/{indexed['solved'].id}"
    assert first["solved"] is True and first["answers"] == 1 and first["score"] == 4
    assert "satellite" in first["highlights"] and "pair" in first["highlights"]
    assert "<mark>satellite</mark>" in first["title_html"] and first["tags"] == ["mesh"]
    assert all(r["id"] != indexed["hidden"].id for r in payload["results"])


def test_suggest_uses_the_body_as_context(client, indexed):
    results = client.get(
        "/api/v1/suggest", query_string={"q": "mesh problem", "body": "speed halves upstairs"}
    ).json["results"]
    assert results[0]["id"] == indexed["open"].id


@pytest.mark.parametrize("limit", ["0", "11", "-1", "abc", "5.5", "99999999999999999999"])
def test_suggest_limit_out_of_range_is_422(client, indexed, limit):
    response = client.get(f"/api/v1/suggest?q=mesh&limit={limit}")
    assert response.status_code == 422
    assert "limit" in response.json["message"] and response.json["errors"]["limit"]


def test_suggest_limit_is_honoured(client, indexed):
    assert len(client.get("/api/v1/suggest?q=mesh&limit=1").json["results"]) == 1
    assert client.get("/api/v1/suggest?q=").json == {"results": []}
    assert client.get("/api/v1/suggest").json == {"results": []}


@pytest.mark.parametrize(
    "q",
    [
        '"unbalanced quote AND OR NOT (mesh',
        "title:mesh* OR body:? [a TO z] {x} ~2 ^3",
        "\x00\x01\x02\x1b[31m",
        "méṣh ñetwork 网络 🙂 \u202e",
        "mesh " * 3000,
        "%00%ff",
    ],
)
def test_hostile_input_never_raises(client, indexed, q):
    suggest = client.get("/api/v1/suggest", query_string={"q": q, "body": q})
    assert suggest.status_code == 200 and isinstance(suggest.json["results"], list)
    search = client.get("/api/v1/search", query_string={"q": q, "tag": q[:100]})
    assert search.status_code == 200


def test_search_api_contract_filters_and_pages(client, indexed):
    payload = client.get("/api/v1/search?q=mesh&per_page=1&page=2").json
    _validate(payload, "/api/v1/search")
    assert payload["total"] == 2 and payload["pages"] == 2 and len(payload["results"]) == 1
    solved = client.get("/api/v1/search?q=mesh&solved=true").json
    assert [r["id"] for r in solved["results"]] == [indexed["solved"].id]
    assert "snippet_html" in solved["results"][0]
    assert client.get("/api/v1/search?q=mesh&tag=router").json["total"] == 0
    spelled = client.get("/api/v1/search?q=satelite").json
    assert spelled["did_you_mean"] == "satellite"


@pytest.mark.parametrize(
    "query", ["page=0", "page=501", "page=x", "per_page=51", "solved=maybe", "per_page=0"]
)
def test_search_api_rejects_bad_parameters(client, indexed, query):
    assert client.get(f"/api/v1/search?q=mesh&{query}").status_code == 422


def test_openapi_documents_both_endpoints(client):
    doc = client.get("/api/v1/openapi.json").json
    assert {"/api/v1/suggest", "/api/v1/search"} <= set(doc["paths"])
    params = {p["name"]: p for p in doc["paths"]["/api/v1/suggest"]["get"]["parameters"]}
    assert params["limit"]["schema"]["minimum"] == 1 and params["limit"]["schema"]["maximum"] == 10
    assert "SearchResult" in doc["components"]["schemas"]
