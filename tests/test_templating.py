"""Template helpers."""

from __future__ import annotations

from flask import url_for

from community.templating import cached_url_for


def test_cached_url_for_matches_url_for_under_any_prefix(app):
    for root in ("", "/community"):
        with app.test_request_context("/", base_url=f"http://localhost{root}/"):
            for endpoint, values in (
                ("users.profile", {"username": "ann b/c"}),
                ("questions.index", {"tag": "wi-fi & mesh"}),
            ):
                assert cached_url_for(endpoint, **values) == url_for(endpoint, **values)
                assert cached_url_for(endpoint, **values).startswith(root + "/")
