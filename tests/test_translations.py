"""Finnish is complete: every string in the code and templates has a Finnish translation."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "fi" / "LC_MESSAGES" / "django.po"
SOURCE_DIRS = [
    "config",
    "core",
    "demo",
    "engine",
    "accounts",
    "companies",
    "services",
    "search",
    "taxonomy",
    "notifications",
    "matchmaking",
    "portal",
    "funding",
    "templates",
    "locale",
]


def test_every_finnish_entry_is_translated_and_not_fuzzy():
    po = polib.pofile(str(PO))
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert not untranslated, untranslated
    assert not fuzzy, fuzzy


def test_compiled_catalogue_matches_the_source():
    po = polib.pofile(str(PO))
    mo = polib.mofile(str(PO.with_suffix(".mo")))
    assert {e.msgid: e.msgstr for e in po if not e.msgid_plural and not e.obsolete} == {
        e.msgid: e.msgstr for e in mo if not e.msgid_plural and e.msgid
    }


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="gettext tools are not installed")
def test_catalogue_covers_every_marked_string(tmp_path):
    for name in SOURCE_DIRS:
        shutil.copytree(
            ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo")
        )
    shutil.copy(ROOT / "manage.py", tmp_path)
    env = {
        **os.environ,
        "DJANGO_DEBUG": "1",
        "VAR_DIR": str(tmp_path / "var"),
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    env.pop("DATABASE_URL", None)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "fi", "-v0"],
        cwd=tmp_path,
        env=env,
        check=True,
        timeout=120,
    )
    fresh = polib.pofile(str(tmp_path / "locale" / "fi" / "LC_MESSAGES" / "django.po"))
    missing = [e.msgid for e in fresh if not e.obsolete and not e.translated()]
    assert not missing, f"Run `make messages` and translate: {missing}"
