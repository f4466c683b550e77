"""Text from outside, cleaned at one boundary.

Every string that reaches the server through GraphQL (the `String` scalar, variables and
literals alike), a file name or a plain HTTP form passes `clean`: control characters that no
one types (NUL, vertical tab, escape ...; tab, line feed and carriage return stay) are removed,
and halves of surrogate pairs that encode no character become U+FFFD. What remains is what the
user meant to type — nothing visible is lost — and it can be stored by PostgreSQL (which refuses
NUL) and written into XLSX (which refuses the other controls) and PDF.
"""
import re

# C0 controls but \t \n \r, DEL, C1 controls; and unpaired surrogates.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SURROGATES = re.compile("[\ud800-\udfff]")


def clean(text: str) -> str:
    """`text` without invisible control characters, as valid Unicode."""
    if _CONTROLS.search(text):
        text = _CONTROLS.sub("", text)
    if _SURROGATES.search(text):
        text = _SURROGATES.sub("\ufffd", text)
    return text


def printable(value: object) -> object:
    """A cell for an export: strings cleaned (rows stored before the boundary existed too)."""
    return clean(value) if isinstance(value, str) else value


# Years a record can be about: a query for year 99999 or -5 is a mistake, refused as such.
YEAR_MIN = 1949
YEAR_MAX = 2199


def year_in_range(year: int) -> bool:
    return YEAR_MIN <= year <= YEAR_MAX


def clean_tree(value: object) -> object:
    """Every string in a JSON-like value (GraphQL variables) cleaned."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, dict):
        return {clean(k) if isinstance(k, str) else k: clean_tree(v) for k, v in value.items()}
    if isinstance(value, list):
        return [clean_tree(v) for v in value]
    return value
