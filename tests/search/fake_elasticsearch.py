"""A scripted Elasticsearch on 127.0.0.1 for fault injection: real HTTP, real client."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Responder = Callable[[str, str, Any], "tuple[int, Any] | None"]


class FakeElasticsearch:
    def __init__(self) -> None:
        self.requests: list[tuple[str, str, Any]] = []
        self.responders: list[Responder] = []
        self.delay = 0.0
        self.errors: list[str] = []
        # A node that accepts connections and never answers: requests wait until shutdown.
        self.hang = False
        self.released = threading.Event()
        self.connections = 0

    def bulk_items(self, body: str) -> list[dict[str, Any]]:
        lines = [json.loads(line) for line in body.splitlines() if line.strip()]
        items, index = [], 0
        while index < len(lines):
            header = lines[index]
            operation = next(iter(header))
            items.append({"op": operation, **header[operation]})
            index += 1 if operation == "delete" else 2
        return items


def _handler(fake: FakeElasticsearch) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            return

        def _respond(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length).decode() if length else ""
            fake.requests.append((self.command, self.path, raw))
            if fake.hang:
                fake.released.wait(60)
                self.close_connection = True
                return
            if fake.delay:
                time.sleep(fake.delay)
            status: int = 200
            payload: Any = {}
            try:
                for responder in list(fake.responders):
                    answer = responder(self.command, self.path, raw)
                    if answer is not None:
                        status, payload = answer
                        break
            except Exception as exc:  # a broken script must show, not hang the client
                fake.errors.append(f"{self.command} {self.path}: {exc!r}")
                status, payload = 500, {"error": repr(exc)}
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("X-Elastic-Product", "Elasticsearch")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)

        do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _respond

    return Handler


class _CountingServer(ThreadingHTTPServer):
    fake: FakeElasticsearch

    def process_request(self, request: Any, client_address: Any) -> None:
        self.fake.connections += 1
        super().process_request(request, client_address)


@contextmanager
def running() -> Iterator[tuple[FakeElasticsearch, str]]:
    fake = FakeElasticsearch()
    server = _CountingServer(("127.0.0.1", 0), _handler(fake))
    server.fake = fake
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        fake.released.set()
        server.shutdown()
        server.server_close()


def bulk_response(items: list[dict[str, Any]], statuses: list[int]) -> dict[str, Any]:
    out = []
    for item, status in zip(items, statuses, strict=True):
        result: dict[str, Any] = {"_index": "tki-search", "_id": item["_id"], "status": status}
        if status >= 300:
            result["error"] = {
                "type": {
                    409: "version_conflict_engine_exception",
                    429: "es_rejected_execution_exception",
                    404: "not_found",
                }.get(status, "mapper_exception"),
                "reason": f"status {status}",
            }
        out.append({item["op"]: result})
    return {"took": 1, "errors": any(s >= 300 for s in statuses), "items": out}
