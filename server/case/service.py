"""The case domain's use cases for callers outside it that still import them from here.

They live by concept: `visibility` (who reads a case), `registration`, `queries` (finding and
listing), `records` (a case's related records), `files` (its attachments) and `assignment`;
the lifecycle steps are in `flows`. New code imports those modules.
"""
from server.case.models import MatterKind
from server.case.records import published_documents
from server.case.registration import CASE_LEVELS, PetitionerIn, RegisterCase, register
from server.case.visibility import handles, readable, visible_filter

__all__ = [
    "CASE_LEVELS", "MatterKind", "PetitionerIn", "RegisterCase", "handles", "published_documents", "readable",
    "register", "visible_filter",
]
