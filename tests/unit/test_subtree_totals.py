"""`rate_queries.subtree_totals`: the linear roll-up the province ranking sums its counts with
equals the definition — a case counts for every unit above its case path except the accused unit
and everything under it ("hidden from the unit and everything under it", server/case/hidden.py)."""
import random

from server.case.hidden import hidden_from
from server.evaluation.rate_queries import ancestors_and_self, subtree_totals

TREE = ["/34", "/34/01", "/34/01/001", "/34/01/001/01", "/34/01/001/02", "/34/01/002", "/34/01/002/01",
        "/34/02", "/34/02/001", "/34/02/001/01", "/34/02/0011"]


def _by_definition(units: dict[str, int], rows: list[tuple[str, str | None, tuple[int, ...]]]) -> dict[int, list[int]]:
    totals = {unit_id: [0, 0] for unit_id in units.values()}
    for path, accused, counts in rows:
        for ancestor in ancestors_and_self(path):
            if ancestor in units and not hidden_from(ancestor, accused):
                totals[units[ancestor]] = [a + b for a, b in zip(totals[units[ancestor]], counts, strict=True)]
    return totals


def test_an_accusation_counts_above_the_accused_unit_only():
    units = {p: i for i, p in enumerate(TREE)}
    totals = subtree_totals(units, [("/34/01/001/01", "/34/01/001/01", (1, 2))], 2)
    assert totals[units["/34/01/001/01"]] == [0, 0]  # the accused village
    assert totals[units["/34/01/001"]] == [1, 2] and totals[units["/34"]] == [1, 2]
    totals = subtree_totals(units, [("/34/01/001/01", "/34/01/001", (1, 0))], 2)  # against the township
    assert [totals[units[p]] for p in ("/34/01/001/01", "/34/01/001", "/34/01", "/34")] == [[0, 0], [0, 0], [1, 0], [1, 0]]
    totals = subtree_totals(units, [("/34/01/001/01", "/34/01/002/01", (1, 0))], 2)  # a unit off the case's path
    assert totals[units["/34/01/001/01"]] == [1, 0]
    # /34/02/0011 is not under /34/02/001 (segment-wise)
    assert subtree_totals(units, [("/34/02/0011", None, (5, 0))], 2)[units["/34/02/001"]] == [0, 0]


def test_the_linear_roll_up_equals_the_definition_on_random_rows():
    rng = random.Random(16)
    for _ in range(200):
        units = {p: i for i, p in enumerate(rng.sample(TREE, rng.randint(1, len(TREE))))}
        rows = [(rng.choice(TREE), rng.choice([None, None, *TREE]), (rng.randint(0, 3), rng.randint(0, 3)))
                for _ in range(rng.randint(0, 12))]
        assert subtree_totals(units, rows, 2) == _by_definition(units, rows)
