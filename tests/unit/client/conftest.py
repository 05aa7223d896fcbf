# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Helpers of the client tests: a scripted HTTP server on 127.0.0.1, a fake clock, settings and
client factories that never read the machine's own ovh.conf files or OVH_* variables."""

from __future__ import annotations

import collections
import dataclasses
import json
import socket
import struct
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

import pytest

from ansible_collections.ovhcloud.order.plugins.module_utils._client import OvhClient, RetryPolicy
from ansible_collections.ovhcloud.order.plugins.module_utils._config import resolve_settings

SERVER_TIME = 1_700_000_000


@dataclasses.dataclass
class Reply:
    """A scripted answer. ``body`` is JSON-encoded unless ``raw`` is given. ``action`` may be
    ``reset`` (close the connection with a TCP reset), ``close`` (close it without answering) or
    ``hang`` (wait ``delay`` seconds, then answer)."""

    status: int = 200
    body: object = None
    headers: dict = dataclasses.field(default_factory=dict)
    raw: bytes | None = None
    action: str | None = None
    delay: float = 0.0


@dataclasses.dataclass
class Received:
    method: str
    target: str          # the request target exactly as received (path and query)
    path: str            # without the query string
    query: list
    headers: dict
    body: bytes

    def header(self, name: str):
        for key, value in self.headers.items():
            if key.lower() == name.lower():
                return value
        return None

    def json(self):
        return json.loads(self.body)


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def handle_error(self, request, client_address):
        pass


class ScriptedServer:
    """An HTTP/1.1 server that answers from per-route queues and records every request.

    Routes are ``(METHOD, path)`` with the path as received, without the query string. When a
    route's queue is empty: ``GET .../auth/time`` answers ``server_time``, anything else a 404 in
    OVH's shape.
    """

    Reply = Reply  # so that tests need no import of this conftest

    def __init__(self):
        self.received: list = []
        self.server_time = SERVER_TIME
        self._routes: dict = collections.defaultdict(collections.deque)
        self._lock = threading.Lock()
        handler = type('Handler', (_Handler,), {'scripted': self})
        self._httpd = _QuietServer(('127.0.0.1', 0), handler)
        self.port = self._httpd.server_address[1]
        self.root = 'http://127.0.0.1:%d' % self.port
        self.base_url = self.root + '/1.0'
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={'poll_interval': 0.01}, daemon=True)
        self._thread.start()

    def script(self, method: str, path: str, *replies: Reply) -> None:
        with self._lock:
            self._routes[(method.upper(), path)].extend(replies)

    def requests_to(self, method: str, path: str) -> list:
        return [r for r in self.received if r.method == method and r.path == path]

    def api_requests(self) -> list:
        """Requests other than /auth/time and the OAuth2 token."""
        return [r for r in self.received if not r.path.endswith(('/auth/time', '/oauth2/token'))]

    def next_reply(self, method: str, path: str) -> Reply:
        with self._lock:
            queue = self._routes.get((method, path))
            if queue:
                return queue.popleft()
        if method == 'GET' and path.endswith('/auth/time'):
            return Reply(200, self.server_time)
        return Reply(404, {'class': 'Client::NotFound', 'message': 'No scripted reply for %s %s' % (method, path)})

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    disable_nagle_algorithm = True
    wbufsize = 65536  # one write per answer; handle_one_request flushes
    scripted: ScriptedServer = None

    def log_message(self, format, *args):  # pylint: disable=redefined-builtin
        pass

    def _handle(self):
        length = int(self.headers.get('Content-Length') or 0)
        body = self.rfile.read(length) if length else b''
        parts = urlsplit(self.path)
        received = Received(self.command, self.path, parts.path, parse_qsl(parts.query, keep_blank_values=True), dict(self.headers.items()), body)
        self.scripted.received.append(received)
        reply = self.scripted.next_reply(self.command, parts.path)
        if reply.action == 'reset':
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))
            self.connection.close()
            self.close_connection = True
            return
        if reply.action == 'close':
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        if reply.action == 'hang':
            time.sleep(reply.delay)
        payload = reply.raw if reply.raw is not None else (b'' if reply.status == 204 else json.dumps(reply.body).encode())
        self.send_response(reply.status)
        headers = {'Content-Type': 'application/json; charset=utf-8'}
        headers.update(reply.headers)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header('Content-Length', str(len(payload)))
        self.end_headers()
        try:
            self.wfile.write(payload)
        except OSError:
            pass

    do_GET = do_POST = do_PUT = do_DELETE = _handle


@pytest.fixture
def api_server():
    server = ScriptedServer()
    yield server
    server.close()


class FakeTime:
    """A clock that only moves when slept on: ``monotonic``, ``clock`` (epoch) and ``sleep``."""

    def __init__(self, epoch: float = SERVER_TIME - 42.4):
        self.now = 1000.0
        self.epoch_offset = epoch - self.now
        self.sleeps: list = []

    def monotonic(self) -> float:
        return self.now

    def clock(self) -> float:
        return self.now + self.epoch_offset

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def fake_time():
    return FakeTime()


@pytest.fixture
def isolated(tmp_path):
    """Keyword arguments for resolve_settings that keep the machine's own configuration out."""
    home = tmp_path / 'home'
    cwd = tmp_path / 'cwd'
    home.mkdir()
    cwd.mkdir()
    return {'environ': {}, 'home': str(home), 'cwd': str(cwd), 'system_config_file': str(tmp_path / 'etc-ovh.conf')}


AK = 'test-application-key'
AS = 'test-application-secret-0123'
CK = 'test-consumer-key-4567'
CLIENT_ID = 'test-client-id'
CLIENT_SECRET = 'test-client-secret-89ab'


@pytest.fixture
def make_settings(isolated):
    def make(endpoint, **credentials):
        if not credentials:
            credentials = {'application_key': AK, 'application_secret': AS, 'consumer_key': CK}
        return resolve_settings(endpoint=endpoint, **credentials, **isolated)
    return make


@pytest.fixture
def make_client(api_server, fake_time, make_settings):
    """A client of the scripted server, on the fake clock (no real sleeping)."""
    clients = []

    def make(settings=None, *, oauth2=False, **kwargs):
        if settings is None:
            if oauth2:
                settings = make_settings(api_server.base_url, client_id=CLIENT_ID, client_secret=CLIENT_SECRET)
            else:
                settings = make_settings(api_server.base_url)
        kwargs.setdefault('timeout', 5)
        kwargs.setdefault('retry', RetryPolicy())
        client = OvhClient(settings, sleep=fake_time.sleep, monotonic=fake_time.monotonic, clock=fake_time.clock, **kwargs)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()
