"""Authorization matrix generated from the url_map: every route, every role, the expected status.

A route with no row in ACCESS fails the test with the line to add, so new routes get a decision.
Statuses: 200 page, 302 done (redirect), 400 bad form, 401 bad login, 403 refused, 404 hidden,
409 conflict, 422 refused input. Requests run in the listed order within one role's session
(reads first, then writes, logging out last).
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from community.extensions import db
from community.models import User
from tests.security.route_catalog import iter_routes

ROLES = ("anonymous", "member", "asker", "moderator", "staff", "admin")
ALL_200 = dict.fromkeys(ROLES, 200)


def by_role(default: int, **statuses: int) -> dict[str, int]:
    """A row: ``default`` for every role except those named."""
    return {role: statuses.get(role, default) for role in ROLES}


# One form body for every write: each route reads the fields it knows.
FORM = {
    "title": "A title that is long enough",
    "body": "A body that is long enough to be accepted",
    "tags": "router",
    "value": "up",
    "role": "moderator",
    "official": "1",
    "text": "Some *Markdown*",
}
OWNER = by_role(403, asker=200, moderator=200, admin=200)  # author or moderator
OWNER_WRITE = by_role(403, asker=302, moderator=302, admin=302)
MEMBER_WRITE = by_role(302, anonymous=403)

# "METHOD endpoint rule [variant]" -> status per role. The asker wrote the question and
# own_answer; "answer" is another member's answer on the asker's question.
ACCESS: dict[str, dict[str, int]] = {
    "GET main.healthz /healthz": ALL_200,
    "GET questions.index /questions": ALL_200,
    "GET questions.index /": ALL_200,
    "GET questions.tags /tags": ALL_200,
    "GET questions.ask /questions/ask": ALL_200,
    "GET questions.detail /questions/<int:question_id>/<slug>": ALL_200,
    "GET questions.detail /questions/<int:question_id>": ALL_200,
    "GET questions.edit /questions/<int:question_id>/edit": OWNER,
    "GET questions.edit_answer /answers/<int:answer_id>/edit": OWNER,
    "GET questions.revisions /<any(questions, answers):kind>/<int:post_id>/revisions [questions]": ALL_200,
    "GET questions.revisions /<any(questions, answers):kind>/<int:post_id>/revisions [answers]": ALL_200,
    "GET users.profile /users/<username>": ALL_200,
    "GET users.admin_users /admin/users": by_role(403, admin=200),
    "GET api.openapi /api/v1/openapi.json": ALL_200,
    "GET auth.register /auth/register": ALL_200,
    "GET auth.login /auth/login": ALL_200,
    # Visitors may submit the ask form: the draft is kept and they are sent to log in.
    "POST questions.ask /questions/ask": by_role(302),
    "POST questions.edit /questions/<int:question_id>/edit": OWNER_WRITE,
    "POST questions.answer /questions/<int:question_id>/answers": MEMBER_WRITE,
    "POST questions.edit_answer /answers/<int:answer_id>/edit": OWNER_WRITE,
    "POST questions.comment /answers/<int:answer_id>/comments": MEMBER_WRITE,
    "POST questions.comment /questions/<int:question_id>/comments": MEMBER_WRITE,
    "POST questions.vote /<any(questions, answers):kind>/<int:post_id>/vote [questions]": by_role(
        302, anonymous=403, asker=403
    ),
    "POST questions.vote /<any(questions, answers):kind>/<int:post_id>/vote [answers]": MEMBER_WRITE,
    "POST questions.accept /answers/<int:answer_id>/accept": OWNER_WRITE,
    # Runs after accept: those who could accept can remove the mark, others are refused first.
    "POST questions.unaccept /questions/<int:question_id>/unaccept": OWNER_WRITE,
    # Only staff on their own answers; nobody here wrote a staff answer.
    "POST questions.official /answers/<int:answer_id>/official": by_role(403),
    "POST users.change_role /admin/users/<int:user_id>/role": by_role(403, admin=302),
    "POST api.preview /api/v1/preview": ALL_200,
    "POST auth.register /auth/register": by_role(422),
    "POST auth.login /auth/login": by_role(422),
    "POST auth.logout /auth/logout": by_role(302),
}


@pytest.mark.parametrize("role", ROLES)
def test_route_access(app, client, objects, make_user, session_login, role):
    if role == "asker":
        session_login(db.session.scalar(select(User).where(User.username == "asker")))
    elif role != "anonymous":
        session_login(make_user(role=role))
    routes = sorted(
        iter_routes(app, objects),
        key=lambda r: (
            r.method != "GET",
            r.endpoint.startswith("auth."),
            r.endpoint == "auth.logout",
        ),
    )
    missing, wrong = [], []
    for route in routes:
        if route.key not in ACCESS:
            missing.append(route.key)
            continue
        expected = ACCESS[route.key]
        data = FORM if route.method != "GET" else None
        response = client.open(route.url, method=route.method, data=data)
        if response.status_code != expected[role]:
            wrong.append(
                f"{route.key} ({route.url}): {response.status_code}, expected {expected[role]}"
            )
    assert not missing, "routes without an access row (add them to ACCESS):\n" + "\n".join(missing)
    assert not wrong, f"{role}:\n" + "\n".join(wrong)


def test_every_row_is_a_real_route(app, objects):
    keys = {route.key for route in iter_routes(app, objects)}
    assert set(ACCESS) <= keys, set(ACCESS) - keys
