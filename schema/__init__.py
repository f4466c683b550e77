"""The Strawberry schema: every root type merged, with the request limits from settings."""
from collections import OrderedDict
from contextlib import aclosing
from functools import partial

import strawberry
from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
)
from strawberry.schema.config import StrawberryConfig
from strawberry.schema.schema import validate_document
from strawberry.tools import merge_types

from schema.admin import AdminMutation, AdminQuery
from schema.audit import AuditQuery
from schema.auth import AuthMutation, AuthQuery
from schema.boundary import SCALARS, InputBoundary
from schema.case_list_completion import ListExecutionContext
from schema.case_mutations import CaseMutation
from schema.cases import CaseQuery, CaseSubscription
from schema.errors import FormattedError
from schema.evaluation.mutation import EvaluationMutation
from schema.evaluation.query import EvaluationQuery
from schema.evaluation_settings import EvaluationSettingsMutation, EvaluationSettingsQuery
from schema.holidays import HolidayMutation, HolidayQuery
from schema.incidents import IncidentMutation, IncidentQuery
from schema.public import PublicMutation, PublicQuery
from schema.ranking import RankingQuery
from schema.screening import ScreeningMutation, ScreeningQuery
from schema.units import UnitQuery
from server.db import begin_writes
from server.errors import DomainError
from server.i18n import DEFAULT_LOCALE
from server.settings import Settings

Query = merge_types("Query", (
    AuthQuery, UnitQuery, CaseQuery, PublicQuery, AuditQuery, ScreeningQuery, IncidentQuery, EvaluationQuery,
    EvaluationSettingsQuery, RankingQuery, AdminQuery, HolidayQuery,
))
Subscription = merge_types("Subscription", (CaseSubscription,))
Mutation = merge_types("Mutation", (
    AuthMutation, CaseMutation, PublicMutation, ScreeningMutation, IncidentMutation, EvaluationMutation,
    EvaluationSettingsMutation, AdminMutation, HolidayMutation,
))


class WriteTransactions(SchemaExtension):
    """A mutation's transactions are write transactions (`server.db.begin_writes`)."""

    async def on_execute(self):
        from strawberry.types.graphql import OperationType

        context = self.execution_context.context
        db = getattr(context, "db", None)
        if db is not None and self.execution_context.operation_type == OperationType.MUTATION:
            await begin_writes(db)
        yield


# Validation results by the identity of (schema, document, rules). The parser cache hands out the
# same parsed document for the same text; Strawberry's ValidationCache keys an lru_cache by the
# document's hash, which graphql-core computes by walking every node of it on each request (~2 %
# of a case-list page's CPU). Each entry holds its schema and document, so no id is reused while
# it lives; a result depends on nothing else (not the viewer, not the variables).
_VALIDATED: OrderedDict[tuple, tuple[object, list]] = OrderedDict()
_VALIDATED_SIZE = 512


class ValidatedDocuments(SchemaExtension):
    def on_validate(self):
        context = self.execution_context
        schema, document = context.schema._schema, context.graphql_document
        rules = tuple(context.validation_rules)
        key = (id(schema), id(document), rules)
        hit = _VALIDATED.get(key)
        if hit is not None:
            _VALIDATED.move_to_end(key)
            errors = hit[1]
        else:
            errors = validate_document(schema, document, rules)
            _VALIDATED[key] = ((schema, document), errors)
            while len(_VALIDATED) > _VALIDATED_SIZE:
                _VALIDATED.popitem(last=False)
        context.pre_execution_errors = errors
        yield


class LianchuangSchema(strawberry.Schema):
    def process_errors(self, errors, execution_context=None) -> None:
        """Refusals (DomainError) are answers, not faults: log only the rest (a request's own
        mistakes — bad variables, unknown fields — have no path and are answers too)."""
        faults = [e for e in errors if not isinstance(e.original_error, DomainError) and e.original_error and e.path]
        if faults:
            super().process_errors(faults, execution_context)

    async def stream(self, *args, **kwargs):
        """Operations over the WebSocket: every error formatted as over HTTP (a translated message
        and `extensions.code`, never an exception's text)."""
        source = await super().stream(*args, **kwargs)
        locale = getattr(kwargs.get("context_value"), "locale", DEFAULT_LOCALE)

        async def formatted():
            async with aclosing(source):
                async for result in source:
                    if getattr(result, "errors", None):
                        result.errors = [FormattedError(e, locale) for e in result.errors]
                    yield result

        return formatted()


def build_schema(settings: Settings) -> strawberry.Schema:
    # The depth and alias limiters make a new rule class per instance; built once here, the
    # rules stay the same objects on every request and the validation cache can hit.
    limit_rules = [
        *QueryDepthLimiter(max_depth=settings.graphql_max_depth).validation_rules,
        *MaxAliasesLimiter(max_alias_count=settings.graphql_max_aliases).validation_rules,
    ]
    if not settings.introspection:
        # Production: the schema is not handed out (GRAPHQL_INTROSPECTION=true to allow it).
        limit_rules.append(NoSchemaIntrospectionCustomRule)
    return LianchuangSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        config=StrawberryConfig(scalar_map=SCALARS, disable_field_suggestions=not settings.introspection),
        # The case list's pages are completed without a resolver call per field (case_list_completion).
        execution_context_class=ListExecutionContext,
        extensions=[
            InputBoundary,
            partial(MaxTokensLimiter, max_token_count=settings.graphql_max_tokens),
            partial(ParserCache, maxsize=512),
            partial(AddValidationRules, limit_rules),
            ValidatedDocuments,
            WriteTransactions,
        ],
    )
