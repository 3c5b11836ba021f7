"""The OpenAPI document of /api/v1, kept next to the routes it describes."""

from __future__ import annotations

from typing import Any

ERROR = {
    "type": "object",
    "required": ["error", "message"],
    "properties": {
        "error": {"type": "string"},
        "message": {"type": "string"},
        "errors": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
}


def _error_responses(*codes: int) -> dict[str, Any]:
    """Standard error responses for the given status codes."""
    return {
        str(code): {
            "description": "Error",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
        }
        for code in codes
    }


PATHS: dict[str, Any] = {
    "/api/v1/preview": {
        "post": {
            "summary": "Render Markdown to sanitised HTML, as it will be stored",
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": ["text"],
                            "properties": {"text": {"type": "string", "maxLength": 30000}},
                        }
                    }
                },
            },
            "responses": {
                "200": {
                    "description": "Rendered HTML",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["html"],
                                "properties": {"html": {"type": "string"}},
                            }
                        }
                    },
                },
                **_error_responses(400, 403, 422),
            },
        }
    },
}

SCHEMAS: dict[str, Any] = {"Error": ERROR}

SEARCH_RESULT = {
    "type": "object",
    "required": ["kind", "id", "title", "url", "solved", "answers", "score", "highlights"],
    "properties": {
        "kind": {"type": "string", "enum": ["question", "video"]},
        "id": {"type": "integer"},
        "title": {"type": "string"},
        "url": {"type": "string"},
        "solved": {"type": "boolean"},
        "answers": {"type": "integer"},
        "score": {"type": "integer"},
        "highlights": {
            "type": "array",
            "items": {"type": "string"},
            "description": "The typed words that matched (why it was suggested)",
        },
        "tags": {"type": "array", "items": {"type": "string"}},
        "title_html": {
            "type": "string",
            "description": "The title HTML-escaped, with matched words in <mark>",
        },
        "snippet_html": {
            "type": "string",
            "description": "An escaped body excerpt with <mark> (search only)",
        },
    },
}


def _query(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    """A query-string parameter."""
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema,
        "description": description,
    }


PATHS["/api/v1/suggest"] = {
    "get": {
        "summary": "Existing questions (and videos) similar to a question being typed",
        "parameters": [
            _query("q", {"type": "string"}, "The title typed so far (any text; no syntax)"),
            _query("body", {"type": "string"}, "The body typed so far, as extra context"),
            _query(
                "limit",
                {"type": "integer", "minimum": 1, "maximum": 10, "default": 5},
                "How many suggestions (1-10)",
            ),
        ],
        "responses": {
            "200": {
                "description": "Suggestions, best first",
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": ["results"],
                            "properties": {
                                "results": {
                                    "type": "array",
                                    "maxItems": 10,
                                    "items": {"$ref": "#/components/schemas/SearchResult"},
                                }
                            },
                        }
                    }
                },
            },
            **_error_responses(422, 503),
        },
    }
}

PATHS["/api/v1/search"] = {
    "get": {
        "summary": "Full-text search with filters, pagination and did-you-mean",
        "parameters": [
            _query("q", {"type": "string"}, "Search words (any text; no syntax)"),
            _query("tag", {"type": "string"}, "Only questions with this tag"),
            _query("solved", {"type": "boolean"}, "Only questions with an accepted answer"),
            _query(
                "page",
                {"type": "integer", "minimum": 1, "maximum": 500, "default": 1},
                "Page number",
            ),
            _query(
                "per_page",
                {"type": "integer", "minimum": 1, "maximum": 50, "default": 20},
                "Results per page",
            ),
        ],
        "responses": {
            "200": {
                "description": "One page of results",
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": [
                                "results",
                                "total",
                                "page",
                                "per_page",
                                "pages",
                                "did_you_mean",
                            ],
                            "properties": {
                                "results": {
                                    "type": "array",
                                    "items": {"$ref": "#/components/schemas/SearchResult"},
                                },
                                "total": {"type": "integer", "minimum": 0},
                                "page": {"type": "integer", "minimum": 1},
                                "per_page": {"type": "integer", "minimum": 1},
                                "pages": {"type": "integer", "minimum": 1},
                                "did_you_mean": {"type": ["string", "null"]},
                            },
                        }
                    }
                },
            },
            **_error_responses(422, 503),
        },
    }
}

SCHEMAS["SearchResult"] = SEARCH_RESULT


# Deflection (community/deflection/api.py)
SCHEMAS["DeflectionItem"] = {
    "type": "object",
    "required": ["kind", "id"],
    "additionalProperties": False,
    "properties": {
        "kind": {"type": "string", "enum": ["question", "video"]},
        "id": {"type": "integer", "minimum": 1, "maximum": 2147483647},
        "rank": {"type": "integer", "minimum": 1, "maximum": 50},
    },
}
SCHEMAS["RankedDeflectionItem"] = {
    **SCHEMAS["DeflectionItem"],
    "required": ["kind", "id", "rank"],
}


def _deflection_event(kinds: list[str], item_field: str | None, item: dict[str, Any]) -> dict:
    """One shape of DeflectionEvent: the kinds it covers and the item field they carry."""
    properties: dict[str, Any] = {
        "session": {"type": "string", "pattern": "^[0-9a-f]{32}$"},
        "kind": {"type": "string", "enum": kinds},
    }
    if item_field is not None:
        properties[item_field] = item
    return {
        "type": "object",
        "required": ["session", "kind"] + ([item_field] if item_field else []),
        "additionalProperties": False,
        "properties": properties,
    }


# Each kind has its own shape: ask_started carries no item, suggestions_shown a list of ranked
# items (no item twice), suggestion_opened one ranked item, solved_yes/no one item that must have
# been opened in the same session (a state rule the schema cannot express: 422 otherwise).
SCHEMAS["DeflectionEvent"] = {
    "oneOf": [
        _deflection_event(["ask_started"], None, {}),
        _deflection_event(
            ["suggestions_shown"],
            "items",
            {
                "type": "array",
                "minItems": 1,
                "maxItems": 10,
                "uniqueItems": True,
                "items": {"$ref": "#/components/schemas/RankedDeflectionItem"},
            },
        ),
        _deflection_event(
            ["suggestion_opened"], "item", {"$ref": "#/components/schemas/RankedDeflectionItem"}
        ),
        _deflection_event(
            ["solved_yes", "solved_no"], "item", {"$ref": "#/components/schemas/DeflectionItem"}
        ),
    ]
}
SCHEMAS["DeflectionStats"] = {
    "type": "object",
    "required": [
        "sessions",
        "shown",
        "explicit",
        "implicit",
        "failed",
        "rate",
        "cost_avoided",
        "currency",
    ],
    "properties": {
        "start": {"type": "string", "format": "date"},
        "end": {"type": "string", "format": "date"},
        "days": {"type": "integer"},
        "sessions": {"type": "integer"},
        "shown": {"type": "integer"},
        "opened": {"type": "integer"},
        "explicit": {"type": "integer"},
        "implicit": {"type": "integer"},
        "deflected": {"type": "integer"},
        "failed": {"type": "integer"},
        "abandoned": {"type": "integer"},
        "not_engaged": {"type": "integer"},
        "pending": {"type": "integer"},
        "rate": {"type": ["number", "null"]},
        "cost_per_contact": {"type": "number"},
        "cost_avoided": {"type": "number"},
        "currency": {"type": "string"},
        "window_minutes": {"type": "integer"},
    },
}
PATHS["/api/v1/deflection/events"] = {
    "post": {
        "summary": "Record one ask-session event (sent with navigator.sendBeacon; no CSRF token)",
        "description": "Idempotent per (session, kind, item): repeats store nothing and answer 200. "
        "question_posted is recorded by the server only.",
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/DeflectionEvent"}}
            },
        },
        "responses": {
            "201": {
                "description": "Stored",
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": ["stored"],
                            "properties": {"stored": {"type": "integer"}},
                        }
                    }
                },
            },
            "200": {
                "description": "Already recorded (nothing stored)",
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": ["stored"],
                            "properties": {"stored": {"type": "integer"}},
                        }
                    }
                },
            },
            **_error_responses(400, 413, 415, 422, 429),
        },
    }
}
PATHS["/api/v1/stats/deflection"] = {
    "get": {
        "summary": "Deflection figures for a period (staff and admins only)",
        "parameters": [
            {
                "name": "days",
                "in": "query",
                "schema": {"type": "integer", "minimum": 1, "maximum": 400, "default": 30},
            },
            {"name": "start", "in": "query", "schema": {"type": "string", "format": "date"}},
            {"name": "end", "in": "query", "schema": {"type": "string", "format": "date"}},
        ],
        "responses": {
            "200": {
                "description": "Figures",
                "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/DeflectionStats"}}
                },
            },
            **_error_responses(403, 422),
        },
    }
}
PATHS["/api/v1/stats/expectation"] = {
    "get": {
        "summary": "How soon questions with these tags usually get a first answer (public)",
        "parameters": [
            {"name": "tags", "in": "query", "schema": {"type": "string", "maxLength": 300}}
        ],
        "responses": {
            "200": {
                "description": "The ask page's expectation line, or null with too little data",
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": ["expectation"],
                            "properties": {
                                "expectation": {
                                    "type": ["object", "null"],
                                    "properties": {
                                        "tag": {"type": "string"},
                                        "hours": {"type": "integer"},
                                        "sample": {"type": "integer"},
                                        "text": {"type": "string"},
                                    },
                                }
                            },
                        }
                    }
                },
            }
        },
    }
}


def build_document() -> dict[str, Any]:
    """Assemble the OpenAPI document."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "community API",
            "version": "1.0.0",
            "description": "Search suggestions, deflection events and statistics.",
        },
        "servers": [{"url": "/"}],
        "paths": PATHS,
        "components": {"schemas": SCHEMAS},
    }
