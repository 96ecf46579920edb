"""`manage.py rank_offline`: the devset's format in, one JSON line per need out."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

ROOT = Path(__file__).resolve().parents[2]
DEVSET = ROOT.parent / "shared" / "devset"


def _write(path: Path, rows: list[object]) -> Path:
    path.write_text("\n".join(json.dumps(r) if not isinstance(r, str) else r for r in rows))
    return path


@pytest.fixture
def files(tmp_path):
    needs = _write(
        tmp_path / "needs.jsonl",
        [
            {
                "id": "n1",
                "lang": "fi",
                "title": "Jäteveden mittaus",
                "text": "Tarvitsemme jäteveden laboratoriomittauksia.",
            },
            {
                "id": "n2",
                "lang": "en",
                "title": "Dance",
                "text": "Dance lessons for staff.",
                "extra": "ignored",
            },
        ],
    )
    services = _write(
        tmp_path / "services.jsonl",
        [
            {
                "id": "s1",
                "lang": "en",
                "title": "Wastewater laboratory",
                "text": "Measurement of wastewater.",
                "service_type": "testing-analysis",
                "priority_areas": ["water"],
                "trl_min": 3,
                "trl_max": 8,
                "remote": True,
            },
            {"id": "s2", "lang": "sv", "title": "Dansskola", "text": "Vi lär ut dans."},
        ],
    )
    return needs, services


def _run(needs: Path, services: Path, top: int = 5) -> list[dict]:
    out = io.StringIO()
    call_command("rank_offline", needs=needs, services=services, top=top, stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_one_line_per_need_in_input_order(files):
    lines = _run(*files)
    assert [line["need_id"] for line in lines] == ["n1", "n2"]
    first = lines[0]["results"][0]
    assert first["service_id"] == "s1"
    assert 0 < first["score"] <= 1
    assert any(reason.startswith("Shared key terms") for reason in first["reasons"])


def test_top_limits_the_results(files):
    needs, services = files
    assert all(len(line["results"]) <= 1 for line in _run(needs, services, top=1))


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ('{"id": "x", "title": "t"', "not valid JSON"),
        ({"id": "x", "lang": "fi", "text": "t"}, "'title' must be a non-empty string"),
        ({"id": "x", "lang": "de", "title": "t", "text": "t"}, "'lang' must be one of"),
        ({"id": "x", "lang": "fi", "title": "t", "text": "t", "trl_min": "high"}, "whole number"),
        (["not", "an", "object"], "must be a JSON object"),
    ],
)
def test_bad_input_names_the_file_and_line(files, tmp_path, row, message):
    _needs, services = files
    bad = _write(
        tmp_path / "bad.jsonl", [{"id": "ok", "lang": "fi", "title": "t", "text": "t"}, row]
    )
    with pytest.raises(CommandError, match=rf"bad\.jsonl:2: .*{message}"):
        _run(bad, services)


def test_duplicate_ids_and_missing_files_are_errors(files, tmp_path):
    _needs, services = files
    twice = _write(
        tmp_path / "twice.jsonl",
        [{"id": "a", "title": "t", "text": "t"}, {"id": "a", "title": "t", "text": "t"}],
    )
    with pytest.raises(CommandError, match=r"twice\.jsonl:2: duplicate id"):
        _run(twice, services)
    with pytest.raises(CommandError, match=r"missing\.jsonl: cannot be read"):
        _run(tmp_path / "missing.jsonl", services)


def test_runs_without_settings_secrets_and_exits_non_zero_on_bad_input(files, tmp_path):
    needs, services = files
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    ok = subprocess.run(
        [
            sys.executable,
            str(ROOT / "manage.py"),
            "rank_offline",
            "--needs",
            str(needs),
            "--services",
            str(services),
            "--top",
            "1",
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout.splitlines()[0])["need_id"] == "n1"
    bad = subprocess.run(
        [
            sys.executable,
            str(ROOT / "manage.py"),
            "rank_offline",
            "--needs",
            str(tmp_path / "nope.jsonl"),
            "--services",
            str(services),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert bad.returncode == 1
    assert "nope.jsonl: cannot be read" in bad.stderr


@pytest.mark.skipif(not DEVSET.exists(), reason="the shared devset is not beside the project")
def test_devset_ranks_every_need(tmp_path):
    lines = _run(DEVSET / "needs.jsonl", DEVSET / "services.jsonl", top=10)
    expected = sum(1 for line in (DEVSET / "needs.jsonl").read_text().splitlines() if line.strip())
    assert len(lines) == expected
    assert all(line["results"] for line in lines)
