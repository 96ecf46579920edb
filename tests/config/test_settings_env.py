import pytest

from config import env


def test_env_bool_accepts_common_spellings(monkeypatch):
    monkeypatch.setenv("FLAG", "yes")
    assert env.env_bool("FLAG") is True
    monkeypatch.setenv("FLAG", "0")
    assert env.env_bool("FLAG", True) is False


def test_env_bool_rejects_nonsense_with_the_variable_named(monkeypatch):
    monkeypatch.setenv("FLAG", "maybe")
    with pytest.raises(env.ConfigurationError, match="FLAG"):
        env.env_bool("FLAG")


def test_env_int_rejects_non_numbers(monkeypatch):
    monkeypatch.setenv("COUNT", "ten")
    with pytest.raises(env.ConfigurationError, match="COUNT"):
        env.env_int("COUNT", 1)


def test_secret_is_read_from_file(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("s3cret\n")
    monkeypatch.setenv("SECRET_KEY_FILE", str(secret))
    assert env.env_secret("SECRET_KEY") == "s3cret"


def test_missing_secret_file_is_a_configuration_error(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY_FILE", str(tmp_path / "missing"))
    with pytest.raises(env.ConfigurationError, match="SECRET_KEY_FILE"):
        env.env_secret("SECRET_KEY")


def test_env_list_splits_and_trims(monkeypatch):
    monkeypatch.setenv("HOSTS", " a.example , b.example,,")
    assert env.env_list("HOSTS") == ["a.example", "b.example"]
