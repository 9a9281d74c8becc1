"""Review deadline: how many working days before its first publication a post must be approved;
an index for the worker's reminders of publications due in a window; the reviewer a writer asks

Revision ID: 6fac8a9b2dd9
Revises: 18a7b6ed3cfc
Create Date: 2026-12-07 13:36:31.625603

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '6fac8a9b2dd9'
down_revision = '18a7b6ed3cfc'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('municipality', schema=None) as batch_op:
        batch_op.add_column(sa.Column('review_working_days', sa.Integer(), server_default='2', nullable=False))
    with op.batch_alter_table('publication', schema=None) as batch_op:
        batch_op.create_index('ix_publication_status_due', ['status', 'due_at'], unique=False)
    with op.batch_alter_table('post', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reviewer_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_post_reviewer_id_user_account'), 'user_account', ['reviewer_id'], ['id'], ondelete='SET NULL')



def downgrade():
    with op.batch_alter_table('post', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_post_reviewer_id_user_account'), type_='foreignkey')
        batch_op.drop_column('reviewer_id')
    with op.batch_alter_table('publication', schema=None) as batch_op:
        batch_op.drop_index('ix_publication_status_due')
    with op.batch_alter_table('municipality', schema=None) as batch_op:
        batch_op.drop_column('review_working_days')

