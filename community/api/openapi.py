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
