"""复查 / 复核 by a body outside the county (the city): the body that reviews each round, who signed
the opinion the county bureau recorded, and the issuing body on the published opinion; the fingerprint of a
registration's payload, so that an idempotency key sent again with another payload is refused.

Revision ID: 0016_cases_lifecycle
Revises: 0014_review_incident_shares
Create Date: 2026-12-07 02:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0016_cases_lifecycle'
down_revision: str | Sequence[str] | None = '0014_review_incident_shares'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('review_body_unit_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('rereview_body_unit_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('review_decided_by', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('rereview_decided_by', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('client_payload_hash', sa.String(length=64), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_cases_review_body_unit_id_units'), 'units', ['review_body_unit_id'], ['id'])
        batch_op.create_foreign_key(
            batch_op.f('fk_cases_rereview_body_unit_id_units'), 'units', ['rereview_body_unit_id'], ['id'])
    with op.batch_alter_table('case_documents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('issued_by', sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('case_documents', schema=None) as batch_op:
        batch_op.drop_column('issued_by')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_cases_rereview_body_unit_id_units'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_cases_review_body_unit_id_units'), type_='foreignkey')
        batch_op.drop_column('client_payload_hash')
        batch_op.drop_column('rereview_decided_by')
        batch_op.drop_column('review_decided_by')
        batch_op.drop_column('rereview_body_unit_id')
        batch_op.drop_column('review_body_unit_id')
