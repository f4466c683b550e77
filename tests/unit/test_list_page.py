"""`server.pagination.list_page` pages a list computed in memory (the province ranking) by the
keyset helper's rules: opaque (sort value, id) cursors, `after` resumes after the named row, never a
row skipped or repeated, `has_next_page` when more follow (no silent cut)."""
import pytest

from server.errors import DomainError
from server.pagination import decode_cursor, encode_cursor, list_page

ROWS = [(rank, 100 + rank) for rank in range(1, 8)]  # (rank, unit id), ascending by rank


def key(row: tuple[int, int]) -> tuple[int, int]:
    return row


def test_pages_follow_each_other_without_skipping_or_repeating_a_row():
    seen, after, pages = [], None, 0
    while True:
        page = list_page(items=ROWS, key=key, first=3, after=after)
        seen += page.items
        pages += 1
        assert page.cursors == [encode_cursor(*r) for r in page.items]
        if not page.has_next_page:
            break
        after = page.cursors[-1]
    assert seen == ROWS and pages == 3


def test_a_cursor_is_the_rows_sort_value_and_id_as_the_keyset_cursors_are():
    page = list_page(items=ROWS, key=key, first=2, after=None)
    assert [decode_cursor(c, int) for c in page.cursors] == [(1, 101), (2, 102)]
    assert page.has_next_page


def test_after_resumes_after_the_named_key_even_when_that_row_is_gone():
    without_third = [r for r in ROWS if r[0] != 3]
    page = list_page(items=without_third, key=key, first=2, after=encode_cursor(3, 103))
    assert page.items == [(4, 104), (5, 105)]


def test_the_last_page_says_nothing_follows_and_first_zero_is_empty():
    assert not list_page(items=ROWS, key=key, first=7, after=None).has_next_page
    empty = list_page(items=ROWS, key=key, first=0, after=None)
    assert empty.items == [] and empty.has_next_page


@pytest.mark.parametrize("cursor", ["not-a-cursor", encode_cursor("x", 1), encode_cursor(True, 1)])
def test_a_bad_cursor_is_invalid_cursor_on_after(cursor):
    with pytest.raises(DomainError) as raised:
        list_page(items=ROWS, key=key, first=2, after=cursor)
    assert raised.value.code == "INVALID_CURSOR"
