"""Notifications (one per event and recipient, in the app and by e-mail) and each person's settings

Revision ID: 18a7b6ed3cfc
Revises: fc0237582c5d
Create Date: 2026-12-07 13:19:31.115493

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '18a7b6ed3cfc'
down_revision = 'fc0237582c5d'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('notification_preference',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('delivery', sa.String(length=10), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_notification_preference_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification_preference')),
    sa.UniqueConstraint('user_id', 'kind', name='uq_notification_preference')
    )
    op.create_table('notification',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=True),
    sa.Column('publication_id', sa.Integer(), nullable=True),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('event_key', sa.String(length=64), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('mail_state', sa.String(length=10), nullable=False),
    sa.Column('mailed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'], name=op.f('fk_notification_actor_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipality.id'], name=op.f('fk_notification_municipality_id_municipality'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['post_id'], ['post.id'], name=op.f('fk_notification_post_id_post'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['publication_id'], ['publication.id'], name=op.f('fk_notification_publication_id_publication'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_notification_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification')),
    sa.UniqueConstraint('event_key', 'user_id', name='uq_notification_event_user')
    )
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.create_index('ix_notification_inbox', ['user_id', 'municipality_id', 'read_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_notification_post_id'), ['post_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_notification_publication_id'), ['publication_id'], unique=False)



def downgrade():
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notification_publication_id'))
        batch_op.drop_index(batch_op.f('ix_notification_post_id'))
        batch_op.drop_index('ix_notification_inbox')

    op.drop_table('notification')
    op.drop_table('notification_preference')
