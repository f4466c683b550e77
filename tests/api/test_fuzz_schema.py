"""Property-based fuzzing of the whole schema, signed in: generated queries and mutations (valid
against the schema, with hostile strings — NUL, controls, broken surrogates — and extreme
numbers and dates) never answer INTERNAL and never a 5xx.

The count is bounded (FUZZ_EXAMPLES, default 250 per run); the number of operations actually
sent is printed at the end (`pytest -s`)."""
import datetime as dt
import os

from graphql import GraphQLSchema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import nodes
from sqlalchemy import text

from schema import build_schema
from server import ids
from server.ratelimit import limiter
from server.settings import Settings

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "250"))
SIGNED_IN = ["xfj_officer", "t01_officer", "t01v01", "xfj_admin", "admin"]
# Ends the session the fuzzing signs in with (the next examples would all be UNAUTHENTICATED).
SKIPPED_MUTATIONS = {"logout"}

# Ids of the demo county's records (and of nothing), so that operations reach real objects.
REAL_IDS = [
    ids.encode(kind, pk)
    for kind, most in (("Case", 40), ("Unit", 60), ("User", 60), ("Meeting", 6), ("Dispute", 20), ("Incident", 10),
                       ("Declaration", 6), ("ScreeningReport", 20), ("Attachment", 3), ("WorkSubmission", 6))
    for pk in range(1, most + 1)
]
SCALARS = {
    "ID": st.one_of(st.sampled_from(REAL_IDS), st.text(max_size=8)).map(nodes.String),
    "Date": st.one_of(
        st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)).map(dt.date.isoformat), st.text(max_size=12)
    ).map(nodes.String),
    "DateTime": st.one_of(
        st.datetimes(timezones=st.just(dt.UTC)).map(dt.datetime.isoformat),
        st.datetimes().map(dt.datetime.isoformat),
        st.text(max_size=30),
    ).map(nodes.String),
    "JSON": st.one_of(
        st.text(max_size=20).map(nodes.String), st.integers(-(2**40), 2**40).map(nodes.Int), st.booleans().map(nodes.Boolean),
    ),
}


def _graphql_schema() -> GraphQLSchema:
    return build_schema(Settings())._schema


def _operations() -> st.SearchStrategy[str]:
    schema = _graphql_schema()
    mutations = [name for name in schema.mutation_type.fields if name not in SKIPPED_MUTATIONS]
    from hypothesis_graphql import mutations as gen_mutations
    from hypothesis_graphql import queries as gen_queries

    return st.one_of(
        gen_queries(schema, custom_scalars=SCALARS),
        gen_mutations(schema, fields=mutations, custom_scalars=SCALARS),
    )


SENT: list[int] = []


# Derandomized so that every CI run sends the same operations (a gate must not pass or fail by
# chance); FUZZ_RANDOM=1 explores new ones, and whatever it finds becomes a test of its own.
@settings(max_examples=EXAMPLES, deadline=None, derandomize=os.environ.get("FUZZ_RANDOM") != "1",
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.filter_too_much])
@given(operation=_operations(), who=st.sampled_from(SIGNED_IN))
async def test_generated_operations_never_answer_internal_or_5xx(operation, who, client_factory, db):
    limiter.reset()
    client = await client_factory(who, via_password=False)
    response = await client.http.post("/graphql", json={"query": operation})
    SENT.append(1)
    assert response.status_code < 500, (operation, response.text[:2000])
    body = response.json()
    codes = [e.get("extensions", {}).get("code") for e in body.get("errors", [])]
    assert "INTERNAL" not in codes, (who, operation, body["errors"])
    try:  # and the database connection is still usable: nothing broke the transaction
        await db.execute(text("SELECT 1"))
    except Exception as error:  # noqa: BLE001
        raise AssertionError((who, operation, repr(error))) from None


def test_the_fuzzing_ran(capsys):
    """Runs after the property above (file order): it really sent generated operations."""
    with capsys.disabled():
        print(f"\nfuzz: {len(SENT)} generated operations sent (bounded by FUZZ_EXAMPLES={EXAMPLES})")
    assert len(SENT) >= min(EXAMPLES, 50)
