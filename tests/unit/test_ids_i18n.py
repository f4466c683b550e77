import pytest

from server import ids
from server.errors import DomainError
from server.i18n import MESSAGES, negotiate, translate


def test_ids_round_trip_and_carry_their_type():
    assert ids.decode("Case", ids.encode("Case", 42)) == 42
    with pytest.raises(DomainError):
        ids.decode("Unit", ids.encode("Case", 42))


@pytest.mark.parametrize("bad", ["", "x", "!!!", "Q2FzZTo=", "Q2FzZTotMQ", "A" * 65, "Q2FzZTphYmM"])
def test_malformed_ids_are_user_errors(bad):
    with pytest.raises(DomainError) as raised:
        ids.decode("Case", bad)
    assert raised.value.code == "INVALID_ID"


def test_locale_negotiation():
    assert negotiate(None) == "zh-CN"
    assert negotiate("en-US,en;q=0.9") == "en"
    assert negotiate("zh-TW") == "zh-TW"
    assert negotiate("fr, zh-Hant;q=0.5") == "zh-TW"
    assert negotiate("en;q=0.2, zh-CN;q=0.9") == "zh-CN"


def test_every_message_exists_in_every_locale():
    for key, entry in MESSAGES.items():
        assert set(entry) == {"zh-CN", "zh-TW", "en"}, key
    assert translate("error.TOO_LONG", "en", max=200) == "Must be at most 200 characters"
