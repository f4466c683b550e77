"""Units, accounts, Casbin policy, cases with timelines, append-only audit log.

Revision ID: 0001
Revises:
Create Date: 2026-11-23 10:01:09.572749
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import server.db

revision: str = '0001'
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('casbin_rule',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ptype', sa.String(length=255), nullable=False),
    sa.Column('v0', sa.String(length=255), nullable=True),
    sa.Column('v1', sa.String(length=255), nullable=True),
    sa.Column('v2', sa.String(length=255), nullable=True),
    sa.Column('v3', sa.String(length=255), nullable=True),
    sa.Column('v4', sa.String(length=255), nullable=True),
    sa.Column('v5', sa.String(length=255), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_casbin_rule'))
    )
    with op.batch_alter_table('casbin_rule', schema=None) as batch_op:
        batch_op.create_index('ix_casbin_rule_ptype', ['ptype'], unique=False)

    op.create_table('units',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=True),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('level', sa.Enum('PROVINCE', 'CITY', 'COUNTY', 'TOWNSHIP', 'VILLAGE', name='unitlevel', native_enum=False, length=16), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('path', sa.String(length=255), nullable=False),
    sa.Column('created_at', server.db.UtcDateTime(timezone=True), nullable=False),
    sa.Column('retired_at', server.db.UtcDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['parent_id'], ['units.id'], name=op.f('fk_units_parent_id_units')),
    sa.ForeignKeyConstraint(['tenant_id'], ['units.id'], name=op.f('fk_units_tenant_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_units')),
    sa.UniqueConstraint('path', name=op.f('uq_units_path'))
    )
    with op.batch_alter_table('units', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_units_parent_id'), ['parent_id'], unique=False)
        batch_op.create_index('ix_units_path_prefix', ['path'], unique=False, postgresql_ops={'path': 'text_pattern_ops'})
        batch_op.create_index(batch_op.f('ix_units_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('tenants',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('settings', sa.JSON(), nullable=False),
    sa.Column('created_at', server.db.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['id'], ['units.id'], name=op.f('fk_tenants_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tenants'))
    )
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=True),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('display_name', sa.String(length=100), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('must_change_password', sa.Boolean(), nullable=False),
    sa.Column('failed_logins', sa.Integer(), nullable=False),
    sa.Column('locked_until', server.db.UtcDateTime(timezone=True), nullable=True),
    sa.Column('last_login_at', server.db.UtcDateTime(timezone=True), nullable=True),
    sa.Column('created_at', server.db.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['units.id'], name=op.f('fk_users_tenant_id_units')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_users_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('username', name=op.f('uq_users_username'))
    )
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_users_tenant_id'), ['tenant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_users_unit_id'), ['unit_id'], unique=False)

    op.create_table('audit_events',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=True),
    sa.Column('at', server.db.UtcDateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('object_type', sa.String(length=32), nullable=False),
    sa.Column('object_id', sa.BigInteger(), nullable=True),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_audit_events_actor_id_users')),
    sa.ForeignKeyConstraint(['tenant_id'], ['units.id'], name=op.f('fk_audit_events_tenant_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_events'))
    )
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_index('ix_audit_events_tenant_at', ['tenant_id', 'at'], unique=False)

    op.create_table('cases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('unit_path', sa.String(length=255), nullable=False),
    sa.Column('handler_unit_id', sa.Integer(), nullable=False),
    sa.Column('registered_by_unit_id', sa.Integer(), nullable=False),
    sa.Column('registered_by_user_id', sa.Integer(), nullable=True),
    sa.Column('query_code', sa.String(length=16), nullable=False),
    sa.Column('client_mutation_id', sa.String(length=64), nullable=True),
    sa.Column('channel', sa.Enum('LETTER', 'VISIT', 'ONLINE', 'PHONE', 'FAX', 'EMAIL', 'LEADER_RECEPTION', 'PROXY', name='channel', native_enum=False, length=24), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('category', sa.String(length=64), nullable=True),
    sa.Column('headcount', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('REGISTERED', 'ACCEPTED', 'REJECTED', 'FORWARDED', 'ASSIGNED', 'REPLIED', 'CLOSED', 'UNDER_REVIEW', 'UNDER_REREVIEW', 'CONCLUDED', name='casestatus', native_enum=False, length=24), nullable=False),
    sa.Column('registered_at', server.db.UtcDateTime(timezone=True), nullable=False),
    sa.Column('accepted_at', server.db.UtcDateTime(timezone=True), nullable=True),
    sa.Column('rejected_at', server.db.UtcDateTime(timezone=True), nullable=True),
    sa.Column('forwarded_at', server.db.UtcDateTime(timezone=True), nullable=True),
    sa.Column('assigned_at', server.db.UtcDateTime(timezone=True), nullable=True),
    sa.Column('replied_at', server.db.UtcDateTime(timezone=True), nullable=True),
    sa.Column('closed_at', server.db.UtcDateTime(timezone=True), nullable=True),
    sa.Column('review_requested_at', server.db.UtcDateTime(timezone=True), nullable=True),
    sa.Column('rereview_requested_at', server.db.UtcDateTime(timezone=True), nullable=True),
    sa.Column('concluded_at', server.db.UtcDateTime(timezone=True), nullable=True),
    sa.Column('accept_due_at', server.db.UtcDateTime(timezone=True), nullable=False),
    sa.Column('handle_due_at', server.db.UtcDateTime(timezone=True), nullable=True),
    sa.Column('due_at', server.db.UtcDateTime(timezone=True), nullable=True),
    sa.Column('leader_id', sa.Integer(), nullable=True),
    sa.Column('plan', sa.Text(), nullable=True),
    sa.Column('reply', sa.Text(), nullable=True),
    sa.Column('rating', sa.Enum('SATISFIED', 'BASICALLY_SATISFIED', 'DISSATISFIED', name='satisfaction', native_enum=False, length=24), nullable=True),
    sa.Column('rated_at', server.db.UtcDateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['handler_unit_id'], ['units.id'], name=op.f('fk_cases_handler_unit_id_units')),
    sa.ForeignKeyConstraint(['leader_id'], ['users.id'], name=op.f('fk_cases_leader_id_users')),
    sa.ForeignKeyConstraint(['registered_by_unit_id'], ['units.id'], name=op.f('fk_cases_registered_by_unit_id_units')),
    sa.ForeignKeyConstraint(['registered_by_user_id'], ['users.id'], name=op.f('fk_cases_registered_by_user_id_users')),
    sa.ForeignKeyConstraint(['tenant_id'], ['units.id'], name=op.f('fk_cases_tenant_id_units')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_cases_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cases')),
    sa.UniqueConstraint('query_code', name=op.f('uq_cases_query_code')),
    sa.UniqueConstraint('tenant_id', 'registered_by_user_id', 'client_mutation_id', name=op.f('uq_cases_tenant_id_registered_by_user_id_client_mutation_id'))
    )
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cases_handler_unit_id'), ['handler_unit_id'], unique=False)
        batch_op.create_index('ix_cases_tenant_due', ['tenant_id', 'due_at'], unique=False)
        batch_op.create_index('ix_cases_tenant_path_registered', ['tenant_id', 'unit_path', 'registered_at'], unique=False, postgresql_ops={'unit_path': 'text_pattern_ops'})
        batch_op.create_index('ix_cases_tenant_registered', ['tenant_id', 'registered_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_unit_id'), ['unit_id'], unique=False)

    op.create_table('role_grants',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=64), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['units.id'], name=op.f('fk_role_grants_tenant_id_units')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_role_grants_unit_id_units')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_role_grants_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_role_grants')),
    sa.UniqueConstraint('user_id', 'role', 'unit_id', name=op.f('uq_role_grants_user_id_role_unit_id'))
    )
    with op.batch_alter_table('role_grants', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_role_grants_tenant_id'), ['tenant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_role_grants_unit_id'), ['unit_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_role_grants_user_id'), ['user_id'], unique=False)

    op.create_table('sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', server.db.UtcDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', server.db.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_sessions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sessions')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_sessions_token_hash'))
    )
    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sessions_user_id'), ['user_id'], unique=False)

    op.create_table('case_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('at', server.db.UtcDateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_case_events_actor_id_users')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_events_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['units.id'], name=op.f('fk_case_events_tenant_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_events'))
    )
    with op.batch_alter_table('case_events', schema=None) as batch_op:
        batch_op.create_index('ix_case_events_case_at', ['case_id', 'at'], unique=False)

    op.create_table('petitioners',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_petitioners_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['units.id'], name=op.f('fk_petitioners_tenant_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_petitioners'))
    )
    with op.batch_alter_table('petitioners', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_petitioners_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_petitioners_phone'), ['phone'], unique=False)


    _make_audit_append_only()
    _seed_policy()


def _make_audit_append_only() -> None:
    """The audit log refuses UPDATE and DELETE at the database itself."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION audit_events_append_only() RETURNS trigger AS $$ "
            "BEGIN RAISE EXCEPTION 'audit_events is append-only'; END $$ LANGUAGE plpgsql"
        )
        op.execute(
            "CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events "
            "FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()"
        )
    else:
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_events_no_{verb.lower()} BEFORE {verb} ON audit_events "
                "BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END"
            )


# The initial authorisation policy (p, role, object, action), frozen as of this revision.
# Later revisions add or change rows; administrators can edit them at run time.
INITIAL_POLICY = [
    ('village_clerk', 'case', 'read'),
    ('village_clerk', 'case', 'list'),
    ('village_clerk', 'case', 'register'),
    ('village_clerk', 'case', 'read_pii'),
    ('village_head', 'case', 'read'),
    ('village_head', 'case', 'list'),
    ('village_head', 'case', 'register'),
    ('village_head', 'case', 'read_pii'),
    ('township_officer', 'case', 'read'),
    ('township_officer', 'case', 'list'),
    ('township_officer', 'case', 'register'),
    ('township_officer', 'case', 'read_pii'),
    ('township_officer', 'case', 'accept'),
    ('township_officer', 'case', 'reject'),
    ('township_officer', 'case', 'forward'),
    ('township_officer', 'case', 'assign'),
    ('township_officer', 'case', 'progress'),
    ('township_officer', 'case', 'extend'),
    ('township_officer', 'case', 'reply'),
    ('township_officer', 'case', 'close'),
    ('township_leader', 'case', 'read'),
    ('township_leader', 'case', 'list'),
    ('township_leader', 'case', 'register'),
    ('township_leader', 'case', 'read_pii'),
    ('township_leader', 'case', 'accept'),
    ('township_leader', 'case', 'reject'),
    ('township_leader', 'case', 'forward'),
    ('township_leader', 'case', 'assign'),
    ('township_leader', 'case', 'progress'),
    ('township_leader', 'case', 'extend'),
    ('township_leader', 'case', 'reply'),
    ('township_leader', 'case', 'close'),
    ('township_leader', 'case', 'approve_extension'),
    ('township_leader', 'case', 'supervise'),
    ('township_leader', 'case', 'review'),
    ('township_leader', 'case', 'conclude'),
    ('county_officer', 'case', 'read'),
    ('county_officer', 'case', 'list'),
    ('county_officer', 'case', 'register'),
    ('county_officer', 'case', 'read_pii'),
    ('county_officer', 'case', 'accept'),
    ('county_officer', 'case', 'reject'),
    ('county_officer', 'case', 'forward'),
    ('county_officer', 'case', 'assign'),
    ('county_officer', 'case', 'progress'),
    ('county_officer', 'case', 'extend'),
    ('county_officer', 'case', 'reply'),
    ('county_officer', 'case', 'close'),
    ('county_officer', 'case', 'approve_extension'),
    ('county_officer', 'case', 'supervise'),
    ('county_officer', 'case', 'review'),
    ('county_officer', 'case', 'conclude'),
    ('county_leader', 'case', 'read'),
    ('county_leader', 'case', 'list'),
    ('county_leader', 'case', 'register'),
    ('county_leader', 'case', 'read_pii'),
    ('county_leader', 'case', 'accept'),
    ('county_leader', 'case', 'reject'),
    ('county_leader', 'case', 'forward'),
    ('county_leader', 'case', 'assign'),
    ('county_leader', 'case', 'progress'),
    ('county_leader', 'case', 'extend'),
    ('county_leader', 'case', 'reply'),
    ('county_leader', 'case', 'close'),
    ('county_leader', 'case', 'approve_extension'),
    ('county_leader', 'case', 'supervise'),
    ('county_leader', 'case', 'review'),
    ('county_leader', 'case', 'conclude'),
    ('county_officer', 'incident', '*'),
    ('county_leader', 'incident', '*'),
    ('township_officer', 'incident', 'read'),
    ('township_leader', 'incident', 'read'),
    ('county_officer', 'evaluation', '*'),
    ('county_leader', 'evaluation', '*'),
    ('assessor', 'evaluation', '*'),
    ('assessor', 'incident', 'read'),
    ('township_leader', 'evaluation', 'read'),
    ('city_reviewer', 'declaration', 'read'),
    ('province_reviewer', 'declaration', 'read'),
    ('public_rater', 'evaluation', 'rate'),
    ('platform_admin', 'unit', '*'),
    ('platform_admin', 'user', '*'),
    ('platform_admin', 'policy', '*'),
    ('county_leader', 'user', '*'),
    ('county_officer', 'audit', 'read'),
    ('county_leader', 'audit', 'read'),
    ('village_clerk', 'unit', 'read'),
    ('village_head', 'unit', 'read'),
    ('township_officer', 'unit', 'read'),
    ('township_leader', 'unit', 'read'),
    ('county_officer', 'unit', 'read'),
    ('county_leader', 'unit', 'read'),
    ('assessor', 'unit', 'read'),
    ('city_reviewer', 'unit', 'read'),
    ('province_reviewer', 'unit', 'read'),
    ('public_rater', 'unit', 'read'),
]


def _seed_policy() -> None:
    table = sa.table(
        "casbin_rule", sa.column("ptype", sa.String), sa.column("v0", sa.String),
        sa.column("v1", sa.String), sa.column("v2", sa.String),
    )
    op.bulk_insert(table, [{"ptype": "p", "v0": r, "v1": o, "v2": a} for r, o, a in INITIAL_POLICY])


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_change ON audit_events")
        op.execute("DROP FUNCTION IF EXISTS audit_events_append_only()")
    with op.batch_alter_table('petitioners', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_petitioners_phone'))
        batch_op.drop_index(batch_op.f('ix_petitioners_case_id'))

    op.drop_table('petitioners')
    with op.batch_alter_table('case_events', schema=None) as batch_op:
        batch_op.drop_index('ix_case_events_case_at')

    op.drop_table('case_events')
    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sessions_user_id'))

    op.drop_table('sessions')
    with op.batch_alter_table('role_grants', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_role_grants_user_id'))
        batch_op.drop_index(batch_op.f('ix_role_grants_unit_id'))
        batch_op.drop_index(batch_op.f('ix_role_grants_tenant_id'))

    op.drop_table('role_grants')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cases_unit_id'))
        batch_op.drop_index('ix_cases_tenant_registered')
        batch_op.drop_index('ix_cases_tenant_path_registered', postgresql_ops={'unit_path': 'text_pattern_ops'})
        batch_op.drop_index('ix_cases_tenant_due')
        batch_op.drop_index(batch_op.f('ix_cases_handler_unit_id'))

    op.drop_table('cases')
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_events_tenant_at')

    op.drop_table('audit_events')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_users_unit_id'))
        batch_op.drop_index(batch_op.f('ix_users_tenant_id'))

    op.drop_table('users')
    op.drop_table('tenants')
    with op.batch_alter_table('units', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_units_tenant_id'))
        batch_op.drop_index('ix_units_path_prefix', postgresql_ops={'path': 'text_pattern_ops'})
        batch_op.drop_index(batch_op.f('ix_units_parent_id'))

    op.drop_table('units')
    with op.batch_alter_table('casbin_rule', schema=None) as batch_op:
        batch_op.drop_index('ix_casbin_rule_ptype')

    op.drop_table('casbin_rule')
