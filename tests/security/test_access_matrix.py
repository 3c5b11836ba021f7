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
    "reason": "A reason long enough",
    "days": "1",
    "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    "description": "What the video shows, long enough",
}
# Fields some endpoints read with a different meaning (a choice key instead of free text).
FORM_FOR: dict[str, dict[str, str]] = {
    "moderation.flag": {"reason": "spam"},
    "moderation.close": {"reason": "unclear"},
    "moderation.resolve": {"resolution": "dismiss"},
    "videos.edit": {"url": "https://vimeo.com/123456789"},  # not the URL videos.new just took
}
OWNER = by_role(403, asker=200, moderator=200, admin=200)  # author or moderator
OWNER_WRITE = by_role(403, asker=302, moderator=302, admin=302)
MEMBER_WRITE = by_role(302, anonymous=403)
MEMBER = by_role(200, anonymous=403)
MODERATOR = by_role(403, moderator=200, admin=200)  # flags, queue, audit log, suspensions
MODERATOR_WRITE = by_role(403, moderator=302, admin=302)
STAFF = by_role(403, staff=200, admin=200)  # dashboard, unanswered queue, video library
STAFF_WRITE = by_role(403, staff=302, admin=302)

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
    "GET questions.revisions /questions/<int:post_id>/revisions": ALL_200,
    "GET videos.index /videos": ALL_200,
    "GET videos.detail /videos/<int:video_id>": ALL_200,
    "GET videos.new /videos/new": STAFF,
    "GET videos.edit /videos/<int:video_id>/edit": STAFF,
    "GET videos.queue /videos/queue": STAFF,
    "GET videos.stats /videos/stats": STAFF,
    "GET moderation.queue /moderation/": MODERATOR,
    "GET moderation.log /moderation/log": MODERATOR,
    "GET moderation.user /moderation/users/<int:user_id>": MODERATOR,
    "GET reputation.leaderboard /leaderboard": ALL_200,
    "GET reputation.badge_rules /badges": ALL_200,
    "GET reputation.history /users/<username>/reputation": ALL_200,
    "GET notifications.index /notifications": MEMBER,
    # The notification is the asker's; nobody else may open or mark it.
    "GET notifications.open_notification /notifications/<int:notification_id>": by_role(
        403, asker=302
    ),
    "GET notifications.following /notifications/following": MEMBER,
    # The signed token is the credential (mailed links work logged out).
    "GET notifications.unsubscribe /notifications/unsubscribe/<token>": ALL_200,
    "GET search.index /search": ALL_200,
    "GET search_api.suggest /api/v1/suggest": ALL_200,
    "GET search_api.search /api/v1/search": ALL_200,
    "GET deflection.service /service": ALL_200,
    "GET deflection_api.deflection_stats /api/v1/stats/deflection": STAFF,
    "GET deflection_api.expectation /api/v1/stats/expectation": ALL_200,
    "GET staff.dashboard /staff/dashboard": STAFF,
    "GET staff.dashboard_csv /staff/dashboard.csv": STAFF,
    "POST videos.new /videos/new": STAFF_WRITE,
    "POST videos.edit /videos/<int:video_id>/edit": STAFF_WRITE,
    # The library video is already approved: staff get past the check and hit the conflict.
    "POST videos.approve /videos/<int:video_id>/approve": by_role(403, staff=409, admin=409),
    "POST videos.remove /videos/<int:video_id>/remove": STAFF_WRITE,
    "POST videos.propose /questions/<int:question_id>/videos": MEMBER_WRITE,
    "POST videos.decide /videos/proposals/<int:link_id>/<any(approve, reject):decision> [approve]": STAFF_WRITE,
    # Runs after [approve]: the proposal is no longer pending.
    "POST videos.decide /videos/proposals/<int:link_id>/<any(approve, reject):decision> [reject]": by_role(
        403, staff=409, admin=409
    ),
    "POST moderation.flag /moderation/flag/<any(questions, answers, comments):kind>/<int:post_id> [questions]": by_role(
        302, anonymous=403, asker=403
    ),
    "POST moderation.flag /moderation/flag/<any(questions, answers, comments):kind>/<int:post_id> [answers]": MEMBER_WRITE,
    "POST moderation.flag /moderation/flag/<any(questions, answers, comments):kind>/<int:post_id> [comments]": MEMBER_WRITE,
    "POST moderation.resolve /moderation/queue/<any(questions, answers, comments):kind>/<int:post_id>/resolve [questions]": MODERATOR_WRITE,
    "POST moderation.resolve /moderation/queue/<any(questions, answers, comments):kind>/<int:post_id>/resolve [answers]": MODERATOR_WRITE,
    "POST moderation.resolve /moderation/queue/<any(questions, answers, comments):kind>/<int:post_id>/resolve [comments]": MODERATOR_WRITE,
    "POST moderation.hide /moderation/<any(questions, answers, comments):kind>/<int:post_id>/hide [questions]": MODERATOR_WRITE,
    "POST moderation.hide /moderation/<any(questions, answers, comments):kind>/<int:post_id>/hide [answers]": MODERATOR_WRITE,
    "POST moderation.hide /moderation/<any(questions, answers, comments):kind>/<int:post_id>/hide [comments]": MODERATOR_WRITE,
    "POST moderation.restore /moderation/<any(questions, answers, comments):kind>/<int:post_id>/restore [questions]": MODERATOR_WRITE,
    "POST moderation.restore /moderation/<any(questions, answers, comments):kind>/<int:post_id>/restore [answers]": MODERATOR_WRITE,
    "POST moderation.restore /moderation/<any(questions, answers, comments):kind>/<int:post_id>/restore [comments]": MODERATOR_WRITE,
    "POST moderation.close /moderation/questions/<int:question_id>/close": MODERATOR_WRITE,
    "POST moderation.reopen /moderation/questions/<int:question_id>/reopen": MODERATOR_WRITE,
    # No second question to point at: moderators pass the check and the form is refused.
    "POST moderation.duplicate /moderation/questions/<int:question_id>/duplicate": by_role(
        403, moderator=422, admin=422
    ),
    "POST moderation.lock /moderation/questions/<int:question_id>/<any(lock, unlock):action> [lock]": MODERATOR_WRITE,
    "POST moderation.lock /moderation/questions/<int:question_id>/<any(lock, unlock):action> [unlock]": MODERATOR_WRITE,
    "POST moderation.accept /moderation/answers/<int:answer_id>/accept": MODERATOR_WRITE,
    "POST moderation.unaccept /moderation/questions/<int:question_id>/unaccept": MODERATOR_WRITE,
    "POST moderation.needs_info /moderation/questions/<int:question_id>/needs-info": MODERATOR_WRITE,
    "POST moderation.suspend /moderation/users/<int:user_id>/suspend": MODERATOR_WRITE,
    "POST moderation.unsuspend /moderation/users/<int:user_id>/unsuspend": MODERATOR_WRITE,
    "POST notifications.mark_read /notifications/<int:notification_id>/read": by_role(
        403, asker=302
    ),
    "POST notifications.mark_all_read /notifications/read-all": MEMBER_WRITE,
    "POST notifications.email_setting /notifications/email": MEMBER_WRITE,
    "POST notifications.follow_question /questions/<int:question_id>/follow": MEMBER_WRITE,
    "POST notifications.unfollow_question /questions/<int:question_id>/unfollow": MEMBER_WRITE,
    "POST notifications.follow_tag /tags/<name>/follow": MEMBER_WRITE,
    "POST notifications.unfollow_tag /tags/<name>/unfollow": MEMBER_WRITE,
    "POST notifications.unsubscribe /notifications/unsubscribe/<token>": ALL_200,
    # Visitors give feedback too; the matrix form lacks its hidden fields.
    "POST deflection.feedback /deflection/feedback": by_role(422),
    # The beacon takes JSON only (see test_csrf.py CSRF_EXEMPT).
    "POST deflection_api.record_event /api/v1/deflection/events": by_role(415),
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
        data = {**FORM, **FORM_FOR.get(route.endpoint, {})} if route.method != "GET" else None
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
