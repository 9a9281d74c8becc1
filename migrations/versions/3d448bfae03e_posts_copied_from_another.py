"""A post may be copied from another ("Use as a starting point"): the copy links back to it;
comments can be edited and deleted by their authors (a version, and when it was done)

Revision ID: 3d448bfae03e
Revises: 6fac8a9b2dd9
Create Date: 2026-12-07 23:43:46.132330

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3d448bfae03e'
down_revision = '6fac8a9b2dd9'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('post', schema=None) as batch_op:
        batch_op.add_column(sa.Column('copied_from_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_post_copied_from_id_post'), 'post', ['copied_from_id'], ['id'], ondelete='SET NULL')
    with op.batch_alter_table('post_comment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))
        batch_op.add_column(sa.Column('edited_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('post_comment', schema=None) as batch_op:
        batch_op.drop_column('deleted_at')
        batch_op.drop_column('edited_at')
        batch_op.drop_column('version')
    with op.batch_alter_table('post', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_post_copied_from_id_post'), type_='foreignkey')
        batch_op.drop_column('copied_from_id')
