"""docker-compose.yml describes the full stack with health checks and consistent wiring."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def _compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_every_part_of_the_stack_is_a_service():
    services = _compose()["services"]
    assert {"web", "worker", "beat", "db", "redis", "elasticsearch"} <= set(services)


def test_every_service_has_a_health_check():
    for name, service in _compose()["services"].items():
        assert "healthcheck" in service, f"{name} has no healthcheck"
        assert service["healthcheck"]["test"], name


def test_application_services_are_wired_to_the_backing_services():
    services = _compose()["services"]
    for name in ("web", "worker", "beat"):
        environment = services[name]["environment"]
        assert environment["DATABASE_URL"].startswith("postgres://"), name
        assert "@db:5432/" in environment["DATABASE_URL"], name
        assert environment["REDIS_URL"].startswith("redis://redis:6379"), name
        assert environment["ELASTICSEARCH_URL"] == "http://elasticsearch:9200", name
        depends = services[name]["depends_on"]
        for backing in ("db", "redis"):
            assert depends[backing]["condition"] == "service_healthy", (name, backing)


def test_elasticsearch_is_a_single_node_9():
    es = _compose()["services"]["elasticsearch"]
    assert es["image"].split(":")[1].startswith("9.")
    assert es["environment"]["discovery.type"] == "single-node"


def test_data_lives_in_named_volumes():
    compose = _compose()
    volumes = set(compose["volumes"])
    assert any(v.split(":")[0] in volumes for v in compose["services"]["db"]["volumes"])
    assert any(v.split(":")[0] in volumes for v in compose["services"]["elasticsearch"]["volumes"])


def test_only_one_beat_scheduler_runs():
    beat = _compose()["services"]["beat"]
    assert "beat" in " ".join(beat["command"])
    assert beat.get("deploy", {}).get("replicas", 1) == 1


def test_gunicorn_serves_the_web_service():
    assert "gunicorn" in " ".join(_compose()["services"]["web"]["command"])


def test_the_web_creates_the_search_index_before_it_serves():
    # Without the index, the first write would have nowhere to go but a guessed mapping.
    command = " ".join(_compose()["services"]["web"]["command"])
    assert "manage.py search_index create" in command
    assert command.index("search_index create") < command.index("gunicorn")


def test_the_web_service_runs_gunicorn_with_its_configuration_file():
    command = " ".join(_compose()["services"]["web"]["command"])
    assert "gunicorn -c config/gunicorn.py config.wsgi:application" in command
