"""Versions of a municipality's settings and of an account, for stale-form checks

Revision ID: 9857e357373b
Revises: 58737be29278
Create Date: 2026-12-04 22:30:14.000000

`municipality.version` is SQLAlchemy's version counter (raised by every ORM update of the row);
`user_account.account_version` is raised only by saves of the account form, never by sign-ins.
Existing rows start at version 1, as new ones do.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9857e357373b'
down_revision = '58737be29278'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('municipality', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))

    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('account_version', sa.Integer(), server_default='1', nullable=False))


def downgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('account_version')

    with op.batch_alter_table('municipality', schema=None) as batch_op:
        batch_op.drop_column('version')
