"""The application as it runs: server/'s Starlette app with schema/'s GraphQL endpoint."""
from starlette.applications import Starlette

from schema import build_schema
from schema.view import LianchuangGraphQL
from server import app as server_app
from server.auth.policy import Authorizer
from server.db import Database
from server.settings import Settings


def graphql_endpoint(settings: Settings, database: Database, authorizer: Authorizer) -> LianchuangGraphQL:
    return LianchuangGraphQL(build_schema(settings), settings=settings, database=database, authorizer=authorizer)


def create_app(settings: Settings | None = None, database: Database | None = None) -> Starlette:
    return server_app.create_app(settings, database, graphql=graphql_endpoint)
