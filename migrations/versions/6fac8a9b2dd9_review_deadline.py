"""Review deadline: how many working days before its first publication a post must be approved

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



def downgrade():
    with op.batch_alter_table('municipality', schema=None) as batch_op:
        batch_op.drop_column('review_working_days')

