"""The one "in subtree" condition (server.unit.models.in_subtree) selects a unit and everything under
it — never a sibling whose code merely starts the same way — and agrees with `is_under`."""
from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, insert, select

from server.unit.models import in_subtree, is_under

PATHS = ["/341", "/341/01", "/341/01/001", "/341/012", "/341/02", "/3410"]


def test_in_subtree_is_the_unit_and_its_descendants_only():
    table = Table("t", MetaData(), Column("id", Integer, primary_key=True), Column("path", String))
    engine = create_engine("sqlite://")
    table.metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(insert(table), [{"path": p} for p in PATHS])
        for root in PATHS:
            found = set(conn.scalars(select(table.c.path).where(in_subtree(table.c.path, root))))
            assert found == {p for p in PATHS if is_under(p, root)}, root
        assert set(conn.scalars(select(table.c.path).where(in_subtree(table.c.path, "/341/01")))) == {
            "/341/01", "/341/01/001"}  # not /341/012
        assert set(conn.scalars(select(table.c.path).where(~in_subtree(table.c.path, "/341/01")))) == {
            "/341", "/341/012", "/341/02", "/3410"}


def test_is_under_is_segment_wise():
    assert is_under("/341/01/001", "/341/01") and is_under("/341/01", "/341/01")
    assert not is_under("/341/012", "/341/01") and not is_under("/341/01", "/341/01/001")
