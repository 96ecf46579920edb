"""A coordinator imports a file in the browser and watches its progress to the end."""

from __future__ import annotations

import re
import threading
import time

import pytest
from django.db import connection
from django.test import Client

from accounts.models import Organisation
from accounts.validators import business_id_check_digit
from imports import actions, pipeline
from imports.models import ImportJob
from tests.journeys.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROWS = 120


def _file(tmp_path):
    lines, number = ["Nimi;Y-tunnus;Kunta;Koko"], 4000000
    while len(lines) <= ROWS:
        digit = business_id_check_digit(f"{number:07d}")
        if digit is not None:
            lines.append(f"Selaimen Yritys {len(lines)} Oy;{number:07d}-{digit};Rovaniemi;pieni")
        number += 1
    path = tmp_path / "jasenet.csv"
    path.write_bytes("\r\n".join(lines).encode("utf-8-sig"))
    return path


@pytest.fixture
def worker_in_a_thread(monkeypatch):
    """The tasks run as a worker would, beside the web server instead of inside its request,
    slowly enough (small chunks, a pause between them) for the page to show them running."""
    tasks = {
        "imports.tasks.check_import": actions.run_check,
        "imports.tasks.run_import": actions.run_import,
    }
    threads: list[threading.Thread] = []

    def work(task_name, job_id):
        try:
            tasks[task_name](job_id)
        finally:
            connection.close()

    def dispatch(task_name, *args):
        from django.db import transaction

        def start():
            thread = threading.Thread(target=work, args=(task_name, *args), daemon=True)
            threads.append(thread)
            thread.start()

        transaction.on_commit(start)

    original_chunks = pipeline._chunks

    def slow_chunks(rows):
        for chunk in original_chunks(rows):
            time.sleep(0.4)
            yield chunk

    monkeypatch.setattr(actions.jobs, "dispatch_after_commit", dispatch)
    monkeypatch.setattr(pipeline, "CHUNK_SIZE", 10)
    monkeypatch.setattr(pipeline, "_chunks", slow_chunks)
    yield
    for thread in threads:
        thread.join(timeout=30)


def _watch_until(page, status):
    """Reload-by-itself pages until the status badge says `status`; the progress seen."""
    from playwright.sync_api import Error as PlaywrightError

    seen = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        # Bar and badge read in one go: the page reloads itself, and between two separate
        # reads the bar may be gone (the step finished) while the second waits for it.
        try:
            progress, shown = page.evaluate(
                """() => [
                    document.querySelector('#import-progress')?.getAttribute('value') ?? null,
                    document.querySelector('#import-status')?.innerText ?? null,
                ]"""
            )
        except PlaywrightError:  # the reload replaced the document mid-read
            progress, shown = None, None
        if progress is not None:
            seen.append(int(progress))
        if shown is not None and shown.strip() == status:
            return seen
        page.wait_for_timeout(500)
    raise AssertionError(f"the import did not reach {status!r}; progress seen: {seen}")


def test_a_coordinator_imports_a_file_and_sees_its_progress_to_the_end(
    page, live_server, coordinator, tmp_path, worker_in_a_thread
):
    client = Client()
    client.force_login(coordinator)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )

    page.goto("/imports/")
    page.select_option("#id_kind", "organisations")
    page.fill("#id_source", "Lapin klusterin jäsenet")
    page.set_input_files("#id_file", str(_file(tmp_path)))
    page.get_by_role("button", name="Upload and map the columns").click()
    page.wait_for_url(re.compile(r"/imports/\d+/columns/$"))
    assert page.locator("#column-1").input_value() == "business_id"
    page.get_by_role("button", name="Check the file (dry run)").click()
    page.wait_for_url(re.compile(r"/imports/\d+/$"))

    checking = _watch_until(page, "Checked, ready to import")
    assert page.locator("#import-counts").inner_text().count(str(ROWS)) == 1
    page.get_by_role("button", name="Start the import").click()
    page.wait_for_load_state()
    running = _watch_until(page, "Imported")

    screenshot(page, "import-journey")
    progress = checking + running
    assert any(0 < value < 100 for value in progress), progress
    assert Organisation.objects.count() == ROWS
    assert ImportJob.objects.get().counts["create"] == ROWS
    assert page.get_by_role("button", name="Undo this import").is_visible()
