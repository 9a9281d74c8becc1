"""One-time keys of saved forms, so a form sent twice saves once

Revision ID: b7c41d2e9a10
Revises: 9857e357373b
Create Date: 2026-12-07 03:40:00.000000

`submitted_form` keeps the key each shown form carries and where its save led, for two days
(`planner.core.once`). Nothing refers to it; it starts empty.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7c41d2e9a10'
down_revision = '9857e357373b'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'submitted_form',
        sa.Column('key', sa.String(length=64), nullable=False),
        sa.Column('user_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('result_url', sa.String(length=2000), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('key', 'user_id', name=op.f('pk_submitted_form')),
    )
    with op.batch_alter_table('submitted_form', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_submitted_form_created_at'), ['created_at'], unique=False
        )


def downgrade():
    with op.batch_alter_table('submitted_form', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_submitted_form_created_at'))
    op.drop_table('submitted_form')
