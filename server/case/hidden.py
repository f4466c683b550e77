"""Accusations never reach the accused (信访工作条例 Art. 30, Art. 28): the pure rules.

An accusation (检举控告) names the unit whose officials it concerns. It is handled one level
above that unit and hidden from the unit and everything under it — its record, its counts, its
link to other cases and every notice about it. The query code (查询码) is the petitioner's
credential: shown on the registration receipt and the reply letter, masked everywhere else.
"""
from server.unit.models import is_under

QUERY_CODE_MASK = "*"


def hidden_from(viewer_path: str, accused_unit_path: str | None) -> bool:
    """Is a case with this accused unit hidden from a viewer holding a role at `viewer_path`?"""
    return accused_unit_path is not None and is_under(viewer_path, accused_unit_path)


def may_link_repeat(earlier_accused_path: str | None, new_accused_path: str | None) -> bool:
    """May a new case be marked as a repeat of an earlier one (重信重访)? Only when everyone
    who can see the new case could see the earlier one: an accusation hidden from a subtree
    is never revealed through a note or a flag on a case that subtree reads."""
    if earlier_accused_path is None:
        return True
    return new_accused_path is not None and is_under(earlier_accused_path, new_accused_path)


def mask_query_code(code: str) -> str:
    """The query code as lists, exports and other viewers see it: nothing of it."""
    return QUERY_CODE_MASK * len(code)
