"""The whole case lifecycle: matter kind and ledger elements, repeat petitions, extensions,
replies and ratings, review rounds, supervision, attachments, published documents.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 10:22:58.540904
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from policy_rows import delete_policy, insert_policy

import server.db

revision: str = '0003'
down_revision: str | Sequence[str] | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('attachments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=True),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('uploaded_by_user_id', sa.Integer(), nullable=True),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('created_at', server.db.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_attachments_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['units.id'], name=op.f('fk_attachments_tenant_id_units')),
    sa.ForeignKeyConstraint(['uploaded_by_user_id'], ['users.id'], name=op.f('fk_attachments_uploaded_by_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attachments'))
    )
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attachments_case_id'), ['case_id'], unique=False)

    op.create_table('case_documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('published_at', server.db.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_documents_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['units.id'], name=op.f('fk_case_documents_tenant_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_documents'))
    )
    with op.batch_alter_table('case_documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_documents_case_id'), ['case_id'], unique=False)

    op.create_table('case_handlers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_handlers_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['units.id'], name=op.f('fk_case_handlers_tenant_id_units')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_case_handlers_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_handlers')),
    sa.UniqueConstraint('case_id', 'user_id', name=op.f('uq_case_handlers_case_id_user_id'))
    )
    with op.batch_alter_table('case_handlers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_handlers_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_handlers_user_id'), ['user_id'], unique=False)

    op.create_table('case_ratings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('reply_round', sa.Integer(), nullable=False, server_default='0'),
    sa.Column('level', sa.Enum('SATISFIED', 'BASICALLY_SATISFIED', 'DISSATISFIED', name='satisfaction', native_enum=False, length=24), nullable=False),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('rated_at', server.db.UtcDateTime(timezone=True), nullable=False),
    sa.Column('via', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_ratings_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['units.id'], name=op.f('fk_case_ratings_tenant_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_ratings')),
    sa.UniqueConstraint('case_id', 'reply_round', name=op.f('uq_case_ratings_case_id_reply_round'))
    )
    with op.batch_alter_table('case_ratings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_ratings_case_id'), ['case_id'], unique=False)

    op.create_table('case_supervisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('from_unit_id', sa.Integer(), nullable=False),
    sa.Column('to_unit_id', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('due_at', server.db.UtcDateTime(timezone=True), nullable=True),
    sa.Column('created_at', server.db.UtcDateTime(timezone=True), nullable=False),
    sa.Column('created_by_user_id', sa.Integer(), nullable=True),
    sa.Column('answered_at', server.db.UtcDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_supervisions_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_user_id'], ['users.id'], name=op.f('fk_case_supervisions_created_by_user_id_users')),
    sa.ForeignKeyConstraint(['from_unit_id'], ['units.id'], name=op.f('fk_case_supervisions_from_unit_id_units')),
    sa.ForeignKeyConstraint(['tenant_id'], ['units.id'], name=op.f('fk_case_supervisions_tenant_id_units')),
    sa.ForeignKeyConstraint(['to_unit_id'], ['units.id'], name=op.f('fk_case_supervisions_to_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_supervisions'))
    )
    with op.batch_alter_table('case_supervisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_supervisions_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_supervisions_to_unit_id'), ['to_unit_id'], unique=False)

    op.create_table('rating_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('nonce', sa.String(length=32), nullable=False),
    sa.Column('reply_round', sa.Integer(), nullable=False, server_default='0'),
    sa.Column('expires_at', server.db.UtcDateTime(timezone=True), nullable=False),
    sa.Column('used_at', server.db.UtcDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_rating_links_case_id_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rating_links')),
    sa.UniqueConstraint('nonce', name=op.f('uq_rating_links_nonce'))
    )
    with op.batch_alter_table('rating_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rating_links_case_id'), ['case_id'], unique=False)

    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.Enum('SUGGESTION', 'ACCUSATION', 'COMPLAINT', name='matterkind', native_enum=False, length=24), nullable=False, server_default='COMPLAINT'))
        batch_op.add_column(sa.Column('handler_unit_path', sa.String(length=255), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('cause', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('place', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('occurred_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('development', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('mediation', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('accused_unit_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('accused_unit_path', sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column('first_petition', sa.Boolean(), nullable=False, server_default=sa.true()))
        batch_op.add_column(sa.Column('repeat_of_case_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('not_accepted_again', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('reject_reason', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('outcome', sa.Enum('SUPPORTED', 'EXPLAINED', 'NOT_SUPPORTED', name='outcome', native_enum=False, length=24), nullable=True))
        batch_op.add_column(sa.Column('reply_round', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('rating_due_at', server.db.UtcDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('review_request_due_at', server.db.UtcDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('review_unit_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('review_due_at', server.db.UtcDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('flagged_for_county_at', server.db.UtcDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('extension_status', sa.Enum('REQUESTED', 'APPROVED', 'REFUSED', name='extensionstatus', native_enum=False, length=24), nullable=True))
        batch_op.add_column(sa.Column('extension_days', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('extension_reason', sa.Text(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_cases_review_unit_id_units'), 'units', ['review_unit_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_cases_accused_unit_id_units'), 'units', ['accused_unit_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_cases_repeat_of_case_id_cases'), 'cases', ['repeat_of_case_id'], ['id'])


    op.execute(
        "UPDATE cases SET handler_unit_path = (SELECT path FROM units WHERE units.id = cases.handler_unit_id)"
    )
    insert_policy(POLICY)


def downgrade() -> None:
    delete_policy(POLICY)
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_cases_repeat_of_case_id_cases'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_cases_accused_unit_id_units'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_cases_review_unit_id_units'), type_='foreignkey')
        batch_op.drop_column('extension_reason')
        batch_op.drop_column('extension_days')
        batch_op.drop_column('extension_status')
        batch_op.drop_column('flagged_for_county_at')
        batch_op.drop_column('review_due_at')
        batch_op.drop_column('review_unit_id')
        batch_op.drop_column('review_request_due_at')
        batch_op.drop_column('rating_due_at')
        batch_op.drop_column('reply_round')
        batch_op.drop_column('outcome')
        batch_op.drop_column('reject_reason')
        batch_op.drop_column('not_accepted_again')
        batch_op.drop_column('repeat_of_case_id')
        batch_op.drop_column('first_petition')
        batch_op.drop_column('accused_unit_path')
        batch_op.drop_column('accused_unit_id')
        batch_op.drop_column('mediation')
        batch_op.drop_column('development')
        batch_op.drop_column('occurred_on')
        batch_op.drop_column('place')
        batch_op.drop_column('cause')
        batch_op.drop_column('handler_unit_path')
        batch_op.drop_column('kind')

    with op.batch_alter_table('rating_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rating_links_case_id'))

    op.drop_table('rating_links')
    with op.batch_alter_table('case_supervisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_supervisions_to_unit_id'))
        batch_op.drop_index(batch_op.f('ix_case_supervisions_case_id'))

    op.drop_table('case_supervisions')
    with op.batch_alter_table('case_ratings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_ratings_case_id'))

    op.drop_table('case_ratings')
    with op.batch_alter_table('case_handlers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_handlers_user_id'))
        batch_op.drop_index(batch_op.f('ix_case_handlers_case_id'))

    op.drop_table('case_handlers')
    with op.batch_alter_table('case_documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_documents_case_id'))

    op.drop_table('case_documents')
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attachments_case_id'))

    op.drop_table('attachments')


POLICY = [
    *[(role, "case", "export") for role in ("township_officer", "township_leader", "county_officer", "county_leader")],
    *[(role, "case", "inbox") for role in (
        "village_clerk", "village_head", "township_officer", "township_leader", "county_officer", "county_leader",
    )],
    ("township_leader", "case", "flag"),
    ("county_officer", "case", "flag"),
    ("county_leader", "case", "flag"),
]
