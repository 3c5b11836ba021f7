"""list indexes end with the sort's tie-breaking columns

Revision ID: 0008_list_indexes
Revises: 0003_deflection
Create Date: 2026-11-24 10:00:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0008_list_indexes'
down_revision = '0003_deflection'
branch_labels = None
depends_on = None

# Each list sort's index gains the columns its ORDER BY ends with, so PostgreSQL can count and
# skip pages with an index-only scan instead of sorting the table (the deep list pages).
NEW = {
    'ix_questions_hidden_created': ['is_hidden', 'created_at', 'id'],
    'ix_questions_hidden_activity': ['is_hidden', 'last_activity_at', 'id'],
    'ix_questions_hidden_score': ['is_hidden', 'score', 'created_at', 'id'],
    'ix_questions_hidden_answers_created': ['is_hidden', 'answer_count', 'created_at', 'id'],
}
OLD = {
    'ix_questions_hidden_created': ['is_hidden', 'created_at'],
    'ix_questions_hidden_activity': ['is_hidden', 'last_activity_at'],
    'ix_questions_hidden_score': ['is_hidden', 'score'],
    'ix_questions_hidden_answers_created': ['is_hidden', 'answer_count', 'created_at'],
}


def _replace(indexes):
    with op.batch_alter_table('questions', schema=None) as batch_op:
        for name, columns in indexes.items():
            batch_op.drop_index(name)
            batch_op.create_index(name, columns, unique=False)


def upgrade():
    _replace(NEW)


def downgrade():
    _replace(OLD)
