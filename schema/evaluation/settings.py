"""The county's rule template and weights (the full editor is `schema.evaluation_settings`)."""
import datetime as dt

import strawberry
from strawberry.scalars import JSON

from schema.errors import UserError
from server.evaluation.config import Config


@strawberry.type
class TemplateOption:
    code: str
    name: str
    source: str
    template: JSON


@strawberry.type
class EvaluationSettings:
    version: int
    template_code: str
    template: JSON
    policy: JSON
    created_at: dt.datetime | None


@strawberry.type
class EvaluationSettingsPayload:
    settings: EvaluationSettings | None
    user_errors: list[UserError]


def settings_view(config: Config) -> EvaluationSettings:
    return EvaluationSettings(version=config.version, template_code=config.template.code,
                              template=JSON(config.template.to_dict()), policy=JSON(config.policy.to_dict()),
                              created_at=config.created_at)


@strawberry.input
class SetEvaluationSettingsInput:
    county_id: strawberry.ID
    template_code: str | None = strawberry.field(default=None, description="A built-in: SEED_004, SEED_000, SEED_002.")
    template: JSON | None = strawberry.field(default=None, description="An edited template (its JSON form).")
    policy: JSON | None = strawberry.field(default=None, description="Weights, grades and rate points.")
    note: str | None = None
