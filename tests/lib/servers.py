"""A local HTTP server (127.0.0.1 only) whose paths play the servers the
fetch policy guards against: an internal JSON API, a redirect to a refused
address, a server that drips a byte at a time, an endless file..."""
from __future__ import annotations

import http.server
import ipaddress
import json
import threading
import time
from typing import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest

from ckanext.tmopendata.lib import fetch

TABLE_CSV = "id,denumire,suprafata_mp\nSV01,Parcul Central,90000\nSV02,Parcul Rozelor,36000\n"
#: What an internal API answers; none of it may reach a report or a schema.
SECRET_JSON = {"response": {"docs": [{"name": "SECRET-PRIVATE-DATASET", "notes": "SECRET-NOTES"}]},
               "fields": ["SECRET-FIELD-1", "SECRET-FIELD-2"]}
SCHEMA = {"fields": [{"name": "id", "type": "string"}, {"name": "denumire", "type": "string"},
                     {"name": "suprafata_mp", "type": "number"}]}


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    hits: list[str]

    def log_message(self, *args: object) -> None:
        pass

    def _send(self, body: bytes, ctype: str, status: int = 200, length: bool = True) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        self.server.hits.append(self.path)  # type: ignore[attr-defined]
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        path = parts.path
        if path == "/table.csv":
            self._send(TABLE_CSV.encode(), "text/csv; charset=utf-8")
        elif path == "/schema.json":
            self._send(json.dumps(SCHEMA).encode(), "application/json")
        elif path == "/api":  # an internal API, answering JSON
            self._send(json.dumps(SECRET_JSON).encode(), "application/json")
        elif path == "/api-as-csv":  # the same, mislabelled as CSV
            self._send(json.dumps(SECRET_JSON).encode(), "text/csv")
        elif path == "/page":
            self._send(b"<html><body>SECRET-ADMIN-PAGE</body></html>", "text/plain")
        elif path == "/redirect":
            self.send_response(int(query.get("status", ["302"])[0]))
            self.send_header("Location", query["to"][0])
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/drip":  # headers at once, then a byte every half second
            self.send_response(200)
            self.send_header("Content-Type", "text/csv")
            self.send_header("Connection", "close")
            self.end_headers()
            self._drip(b"id\n" + b"1" * 200)
        elif path == "/drip-headers":  # even the status line drips
            self._drip(b"HTTP/1.1 200 OK\r\nContent-Type: text/csv\r\nX-Slow: " + b"a" * 200)
        elif path == "/endless":  # no Content-Length, never ends by itself
            self.send_response(200)
            self.send_header("Content-Type", "text/csv")
            self.send_header("Connection", "close")
            self.end_headers()
            try:
                self.wfile.write(b"id\n")
                for _ in range(10000):
                    self.wfile.write(b"1\n" * 4096)
            except OSError:
                pass
        elif path == "/declared-huge":
            self.send_response(200)
            self.send_header("Content-Type", "text/csv")
            self.send_header("Content-Length", str(10 ** 12))
            self.send_header("Connection", "close")
            self.end_headers()
            try:
                self.wfile.write(b"id\n1\n")
            except OSError:
                pass
        else:
            self._send(b"not found", "text/plain", status=404)

    def _drip(self, data: bytes) -> None:
        try:
            for i in range(len(data)):
                self.wfile.write(data[i:i + 1])
                self.wfile.flush()
                time.sleep(0.5)
        except OSError:
            pass  # the client hung up: what the deadline is for


class LocalServer:
    def __init__(self) -> None:
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.server.daemon_threads = True
        self.server.hits = []  # type: ignore[attr-defined]
        self.port = self.server.server_port
        self.url = f"http://127.0.0.1:{self.port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def hits(self) -> list[str]:
        return self.server.hits  # type: ignore[attr-defined]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def local_server() -> Iterator[LocalServer]:
    server = LocalServer()
    yield server
    server.close()


@pytest.fixture
def connections(monkeypatch) -> list[tuple]:
    """Every address the fetcher opens a socket to. A connection to anything
    but loopback fails the test at once, before any packet leaves (this
    machine's tests may only talk to 127.0.0.0/8 and ::1): so a refusal
    that were checked too late, or not at all, shows as a failure and never
    as traffic to a private network."""
    opened: list[tuple] = []
    real_connect = fetch.DeadlineSocket.connect

    def guarded(sock, address):
        opened.append(address)
        host = str(address[0]).split("%", 1)[0]
        if not ipaddress.ip_address(host).is_loopback:
            raise AssertionError(f"the fetcher tried to connect to {address!r}")
        return real_connect(sock, address)

    monkeypatch.setattr(fetch.DeadlineSocket, "connect", guarded)
    return opened
