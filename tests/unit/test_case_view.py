"""What one viewer is shown of one case (`visibility.view_of`), decided in server/ without I/O.

Issue 15: "schema/types.py decides who sees attachments and the rating token; ... those rules
move into server/."
"""
from server.auth.principal import Grant, Principal
from server.case.models import Case
from server.case.visibility import CaseView, view_of

COUNTY = "/990000/990100/990122"
TOWNSHIP = COUNTY + "/001"
VILLAGE = TOWNSHIP + "/001"
OTHER_TOWNSHIP = COUNTY + "/002"


class Subtree:
    """Every role may do everything in its unit's subtree (the model's hierarchy rule)."""

    def allows(self, role: str, scope: str, target: str, obj: str, act: str) -> bool:
        return target == scope or target.startswith(scope + "/")


def _case(**changes) -> Case:
    values = dict(tenant_id=1, unit_id=3, unit_path=VILLAGE, handler_unit_id=2, handler_unit_path=TOWNSHIP,
                  registered_by_unit_id=3, review_unit_id=None, accused_unit_path=None)
    return Case(**{**values, **changes})


def _viewer(unit_id: int, path: str) -> Principal:
    return Principal(authorizer=Subtree(), user_id=9, tenant_id=1, unit_id=unit_id,  # type: ignore[arg-type]
                     grants=(Grant(role="township_officer", unit_id=unit_id, unit_path=path),))


HANDLING = CaseView(query_code=True, rating_comments=True, attachments=True, rating_link=True)
NOTHING = CaseView(query_code=False, rating_comments=False, attachments=False, rating_link=False)


def test_the_handling_unit_sees_the_petitioners_credential_words_and_materials_in_the_detail():
    assert view_of(_viewer(2, TOWNSHIP), _case(), detail=True) == HANDLING


def test_a_list_row_shows_them_to_no_one():
    assert view_of(_viewer(2, TOWNSHIP), _case(), detail=False) == NOTHING


def test_a_unit_not_handling_the_case_sees_none_of_them_but_may_ask_for_the_rating_link():
    """The rating link is asked for in the detail only; `public_rating.rating_link` then refuses anyone
    not handling the case, as before."""
    seen = view_of(_viewer(5, OTHER_TOWNSHIP), _case(), detail=True)
    assert seen == CaseView(query_code=False, rating_comments=False, attachments=False, rating_link=True)


def test_the_accused_unit_never_handles_an_accusation():
    accusation = _case(handler_unit_id=1, handler_unit_path=COUNTY, accused_unit_path=TOWNSHIP, registered_by_unit_id=2)
    assert view_of(_viewer(2, TOWNSHIP), accusation, detail=True).attachments is False
