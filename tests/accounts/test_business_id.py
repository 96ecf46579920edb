import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from accounts.validators import business_id_check_digit, normalize_business_id, validate_business_id


@pytest.mark.parametrize("value", ["0112038-9", "2331972-7", "1572860-0", "112038-9"])
def test_valid_business_ids_pass(value):
    validate_business_id(value)


def test_six_digit_ids_gain_their_leading_zero():
    assert normalize_business_id(" 112038-9 ") == "0112038-9"


@pytest.mark.parametrize("value", ["0112038-8", "2331972-1", "1572860-5"])
def test_wrong_check_digit_is_rejected_with_a_message(value):
    with pytest.raises(ValidationError) as error:
        validate_business_id(value)
    assert error.value.code == "check_digit"
    with translation.override("en"):
        assert "check digit" in error.value.messages[0]
    with translation.override("fi"):
        assert "tarkistusmerkki" in error.value.messages[0]


@pytest.mark.parametrize("value", ["", "12345678", "1234567", "ABCDEFG-1", "1234567-12"])
def test_malformed_business_ids_are_rejected(value):
    with pytest.raises(ValidationError) as error:
        validate_business_id(value)
    assert error.value.code == "format"


def test_remainder_one_has_no_valid_check_digit():
    # Numbers whose weighted sum leaves remainder 1 are never issued.
    digits = next(f"{n:07d}" for n in range(10_000) if business_id_check_digit(f"{n:07d}") is None)
    for check in range(10):
        with pytest.raises(ValidationError):
            validate_business_id(f"{digits}-{check}")
