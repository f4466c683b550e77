"""Dispute screening: reports, disputes, mediations, meetings and decisions; incident idempotency
key; the screening and incident-contest policy.

Revision ID: 0004
Revises: 0002
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from policy_rows import delete_policy, insert_policy

import server.db

revision: str = '0004'
down_revision: str | Sequence[str] | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (role, object, action) rows this revision adds; the downgrade deletes exactly these.
POLICY = [
    ('village_clerk', 'screening', 'read'),
    ('village_clerk', 'screening', 'report'),
    ('village_clerk', 'screening', 'mediate'),
    ('village_clerk', 'screening', 'escalate'),
    ('village_head', 'screening', 'read'),
    ('village_head', 'screening', 'report'),
    ('village_head', 'screening', 'mediate'),
    ('village_head', 'screening', 'escalate'),
    ('village_head', 'screening', 'meeting'),
    ('township_officer', 'screening', '*'),
    ('township_leader', 'screening', '*'),
    ('county_officer', 'screening', '*'),
    ('county_leader', 'screening', '*'),
    ('assessor', 'screening', 'read'),
    # The unit an incident is attributed to (or its township) may read it and contest it.
    ('village_clerk', 'incident', 'read'),
    ('village_head', 'incident', 'read'),
    ('village_clerk', 'incident', 'contest'),
    ('village_head', 'incident', 'contest'),
    ('township_officer', 'incident', 'contest'),
    ('township_leader', 'incident', 'contest'),
]


def upgrade() -> None:
    op.create_table('screening_meetings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('unit_path', sa.String(length=255), nullable=False),
    sa.Column('kind', sa.Enum('ROUTINE', 'ANALYSIS', name='meetingkind', native_enum=False, length=24), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('attendees', sa.JSON(), nullable=False),
    sa.Column('summary', sa.Text(), nullable=True),
    sa.Column('case_ids', sa.JSON(), nullable=False),
    sa.Column('dispute_ids', sa.JSON(), nullable=False),
    sa.Column('recorded_by_user_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', server.db.UtcDateTime(timezone=True), nullable=False),
    sa.Column('client_mutation_id', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['recorded_by_user_id'], ['users.id'], name=op.f('fk_screening_meetings_recorded_by_user_id_users')),
    sa.ForeignKeyConstraint(['tenant_id'], ['units.id'], name=op.f('fk_screening_meetings_tenant_id_units')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_screening_meetings_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_screening_meetings')),
    sa.UniqueConstraint('tenant_id', 'recorded_by_user_id', 'client_mutation_id', name='uq_screening_meetings_client_key')
    )
    with op.batch_alter_table('screening_meetings', schema=None) as batch_op:
        batch_op.create_index('ix_screening_meetings_tenant_path_held', ['tenant_id', 'unit_path', 'held_on'], unique=False, postgresql_ops={'unit_path': 'text_pattern_ops'})
        batch_op.create_index(batch_op.f('ix_screening_meetings_unit_id'), ['unit_id'], unique=False)

    op.create_table('screening_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('unit_path', sa.String(length=255), nullable=False),
    sa.Column('cadence', sa.String(length=16), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('zero_report', sa.Boolean(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('status', sa.Enum('DRAFT', 'SUBMITTED', name='reportstatus', native_enum=False, length=24), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_by_user_id', sa.Integer(), nullable=True),
    sa.Column('created_at', server.db.UtcDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', server.db.UtcDateTime(timezone=True), nullable=False),
    sa.Column('submitted_at', server.db.UtcDateTime(timezone=True), nullable=True),
    sa.Column('submitted_by_user_id', sa.Integer(), nullable=True),
    sa.Column('client_mutation_id', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['created_by_user_id'], ['users.id'], name=op.f('fk_screening_reports_created_by_user_id_users')),
    sa.ForeignKeyConstraint(['submitted_by_user_id'], ['users.id'], name=op.f('fk_screening_reports_submitted_by_user_id_users')),
    sa.ForeignKeyConstraint(['tenant_id'], ['units.id'], name=op.f('fk_screening_reports_tenant_id_units')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_screening_reports_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_screening_reports')),
    sa.UniqueConstraint('tenant_id', 'created_by_user_id', 'client_mutation_id', name='uq_screening_reports_client_key'),
    sa.UniqueConstraint('unit_id', 'period_start', name='uq_screening_reports_unit_period')
    )
    with op.batch_alter_table('screening_reports', schema=None) as batch_op:
        batch_op.create_index('ix_screening_reports_tenant_path_period', ['tenant_id', 'unit_path', 'period_start'], unique=False, postgresql_ops={'unit_path': 'text_pattern_ops'})
        batch_op.create_index(batch_op.f('ix_screening_reports_unit_id'), ['unit_id'], unique=False)

    op.create_table('disputes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('unit_path', sa.String(length=255), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('cause', sa.Text(), nullable=False),
    sa.Column('occurred_on', sa.Date(), nullable=True),
    sa.Column('place', sa.String(length=200), nullable=True),
    sa.Column('involved_unit', sa.String(length=200), nullable=True),
    sa.Column('people_involved', sa.Integer(), nullable=False),
    sa.Column('development', sa.Text(), nullable=True),
    sa.Column('mediation_so_far', sa.Text(), nullable=True),
    sa.Column('status', sa.Enum('OPEN', 'MEDIATED', 'CASE', name='disputestatus', native_enum=False, length=24), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('created_by_user_id', sa.Integer(), nullable=True),
    sa.Column('created_at', server.db.UtcDateTime(timezone=True), nullable=False),
    sa.Column('client_mutation_id', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_disputes_case_id_cases')),
    sa.ForeignKeyConstraint(['created_by_user_id'], ['users.id'], name=op.f('fk_disputes_created_by_user_id_users')),
    sa.ForeignKeyConstraint(['report_id'], ['screening_reports.id'], name=op.f('fk_disputes_report_id_screening_reports')),
    sa.ForeignKeyConstraint(['tenant_id'], ['units.id'], name=op.f('fk_disputes_tenant_id_units')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_disputes_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_disputes')),
    sa.UniqueConstraint('tenant_id', 'created_by_user_id', 'client_mutation_id', name='uq_disputes_client_key')
    )
    with op.batch_alter_table('disputes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_disputes_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_disputes_report_id'), ['report_id'], unique=False)
        batch_op.create_index('ix_disputes_tenant_path_created', ['tenant_id', 'unit_path', 'created_at'], unique=False, postgresql_ops={'unit_path': 'text_pattern_ops'})
        batch_op.create_index(batch_op.f('ix_disputes_unit_id'), ['unit_id'], unique=False)

    op.create_table('meeting_decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('owner_user_id', sa.Integer(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('done_at', server.db.UtcDateTime(timezone=True), nullable=True),
    sa.Column('done_note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['meeting_id'], ['screening_meetings.id'], name=op.f('fk_meeting_decisions_meeting_id_screening_meetings')),
    sa.ForeignKeyConstraint(['owner_user_id'], ['users.id'], name=op.f('fk_meeting_decisions_owner_user_id_users')),
    sa.ForeignKeyConstraint(['tenant_id'], ['units.id'], name=op.f('fk_meeting_decisions_tenant_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_decisions'))
    )
    with op.batch_alter_table('meeting_decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_decisions_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_decisions_owner_user_id'), ['owner_user_id'], unique=False)

    op.create_table('mediations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('dispute_id', sa.Integer(), nullable=False),
    sa.Column('mediator', sa.String(length=100), nullable=False),
    sa.Column('parties', sa.Text(), nullable=False),
    sa.Column('outcome', sa.Enum('SUCCESS', 'PARTIAL', 'FAILED', name='mediationoutcome', native_enum=False, length=24), nullable=False),
    sa.Column('agreement', sa.Text(), nullable=True),
    sa.Column('agreement_document', sa.String(length=500), nullable=True),
    sa.Column('mediated_on', sa.Date(), nullable=False),
    sa.Column('recorded_by_user_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', server.db.UtcDateTime(timezone=True), nullable=False),
    sa.Column('client_mutation_id', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['dispute_id'], ['disputes.id'], name=op.f('fk_mediations_dispute_id_disputes')),
    sa.ForeignKeyConstraint(['recorded_by_user_id'], ['users.id'], name=op.f('fk_mediations_recorded_by_user_id_users')),
    sa.ForeignKeyConstraint(['tenant_id'], ['units.id'], name=op.f('fk_mediations_tenant_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mediations')),
    sa.UniqueConstraint('tenant_id', 'recorded_by_user_id', 'client_mutation_id', name='uq_mediations_client_key')
    )
    with op.batch_alter_table('mediations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mediations_dispute_id'), ['dispute_id'], unique=False)

    with op.batch_alter_table('incidents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('client_mutation_id', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint('uq_incidents_client_key', ['tenant_id', 'recorded_by_user_id', 'client_mutation_id'])

    insert_policy(POLICY)


def downgrade() -> None:
    delete_policy(POLICY)
    with op.batch_alter_table('incidents', schema=None) as batch_op:
        batch_op.drop_constraint('uq_incidents_client_key', type_='unique')
        batch_op.drop_column('client_mutation_id')

    with op.batch_alter_table('mediations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mediations_dispute_id'))

    op.drop_table('mediations')
    with op.batch_alter_table('meeting_decisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_decisions_owner_user_id'))
        batch_op.drop_index(batch_op.f('ix_meeting_decisions_meeting_id'))

    op.drop_table('meeting_decisions')
    with op.batch_alter_table('disputes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_disputes_unit_id'))
        batch_op.drop_index('ix_disputes_tenant_path_created', postgresql_ops={'unit_path': 'text_pattern_ops'})
        batch_op.drop_index(batch_op.f('ix_disputes_report_id'))
        batch_op.drop_index(batch_op.f('ix_disputes_case_id'))

    op.drop_table('disputes')
    with op.batch_alter_table('screening_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_screening_reports_unit_id'))
        batch_op.drop_index('ix_screening_reports_tenant_path_period', postgresql_ops={'unit_path': 'text_pattern_ops'})

    op.drop_table('screening_reports')
    with op.batch_alter_table('screening_meetings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_screening_meetings_unit_id'))
        batch_op.drop_index('ix_screening_meetings_tenant_path_held', postgresql_ops={'unit_path': 'text_pattern_ops'})

    op.drop_table('screening_meetings')
