"""Loading the post a moderation action or flag is about, and the question it belongs to."""

from __future__ import annotations

from typing import Any

from community.exceptions import NotFound
from community.extensions import db
from community.models import Answer, Comment, Question

POST_MODELS: dict[str, Any] = {"question": Question, "answer": Answer, "comment": Comment}
# URL segments (plural) to post types.
KINDS = {"questions": "question", "answers": "answer", "comments": "comment"}

Post = Question | Answer | Comment


def load_post(post_type: str, post_id: int) -> Post:
    """A question, answer or comment by type and id, hidden or not, or NotFound."""
    model = POST_MODELS.get(post_type)
    post = db.session.get(model, post_id) if model is not None else None
    if post is None:
        raise NotFound(f"No {post_type if model else 'post'} with id {post_id}.")
    return post


def question_of(post_type: str, post: Post) -> Question:
    """The question a post belongs to (a question belongs to itself)."""
    if isinstance(post, Question):
        return post
    if isinstance(post, Answer):
        question_id: int | None = post.question_id
    else:
        question_id = post.question_id
        if question_id is None:
            answer = db.session.get(Answer, post.answer_id)
            question_id = answer.question_id if answer is not None else None
    question = db.session.get(Question, question_id) if question_id is not None else None
    if question is None:
        raise NotFound("The question of that post no longer exists.")
    return question


def post_type_of(post: Post) -> str:
    """'question', 'answer' or 'comment'."""
    if isinstance(post, Question):
        return "question"
    return "answer" if isinstance(post, Answer) else "comment"
