# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""HTTP serving: request parsing, prefixes, authentication, faults, latency, request log, responses.

URL space:

* ``/1.0/...`` and ``/v1/...``: the simulated OVHcloud API (the two prefixes are aliases);
* ``/auth/oauth2/token``: the OAuth2 token endpoint (client credentials);
* ``/auth/?credentialToken=...``: where a new consumer key is validated (``routes_auth.validation_page``);
* ``/_sim/...``: the control API (see ``control.py``), never part of the OVH API.
"""

import socket
import sys
import threading
import time
import traceback
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from . import control, routes_auth, routes_cart, routes_domain, routes_me, routes_renewal
from .auth import Authenticator
from .errors import REASONS, ApiError, bad_request, default_error_body
from .faults import Faults
from .messages import Request, Response
from .router import Router
from .schema import parse_query_value, validate_body
from .timeutil import format_datetime

API_PREFIXES = ('/1.0', '/v1')
TOKEN_PATH = '/auth/oauth2/token'
LOG_LIMIT = 50000


class Context:
    """What a route handler sees."""

    def __init__(self, app, request, route, params, body, identity):
        self.app = app
        self.request = request
        self.route = route
        self.params = params
        self.query = request.query
        self.body = body
        self.identity = identity
        self.store = app.store
        self.catalogue = app.catalogue
        self.root = request.root

    def typed_query(self, name, type_name):
        """A query parameter converted to its schema type (``None`` when absent)."""
        if name not in self.query:
            return None
        return parse_query_value(name, type_name, self.query[name])


class App:
    """The simulator: state, catalogue, routes, authentication, faults and the request log."""

    def __init__(self, store, catalogue, latency_ms=0, advance_on_poll=False, token_ttl=3600, verbose=False, instant_delivery=False):
        self.store = store
        self.catalogue = catalogue
        self.latency_ms = latency_ms
        self.advance_on_poll = advance_on_poll
        self.instant_delivery = instant_delivery
        self.verbose = verbose
        self.auth = Authenticator(store, token_ttl)
        self.faults = Faults()
        self.log = []
        self.log_lock = threading.Lock()
        self.query_prefix = 'SIM.ws-1.%08x' % int(time.time())
        self.router = Router()
        for module in (routes_auth, routes_cart, routes_me, routes_domain, routes_renewal):
            module.register(self.router)
        self.control = control.Control(self)

    # -- entry point -----------------------------------------------------------------------------
    def handle(self, request):
        path = request.raw_path
        if path == '/_sim' or path.startswith('/_sim/'):
            response = self.control.handle(request)
            response.headers.setdefault('X-Ovh-Queryid', self._query_id())
            return response
        if path in routes_auth.VALIDATION_PATHS:
            response = routes_auth.validation_page(self, request)
            response.headers.setdefault('X-Ovh-Queryid', self._query_id())
            return response
        kind = 'unknown'
        for prefix in API_PREFIXES:
            if path == prefix or path.startswith(prefix + '/'):
                kind, request.path = 'api', path[len(prefix):] or '/'
                break
        else:
            if path == TOKEN_PATH:
                kind = 'token'
        query_id = self._query_id()
        if self.latency_ms:
            time.sleep(self.latency_ms / 1000.0)
        with self.store.lock:
            fault = self.faults.take(request.method, request.path)
        if fault is not None and fault.latency_ms:
            time.sleep(fault.latency_ms / 1000.0)
        if fault is not None and fault.status is not None and not fault.after_commit:
            response = self._fault_response(fault)
        else:
            response = self._dispatch(request, kind)
            if fault is not None and fault.status is not None:
                response = self._fault_response(fault)
        response.headers['X-Ovh-Queryid'] = query_id
        self._record(request, response, self._token_form(request) if kind == 'token' else request.json, query_id)
        return response

    def _query_id(self):
        with self.store.lock:
            return '%s.%d' % (self.query_prefix, self.store.next_id('query'))

    @staticmethod
    def _token_form(request):
        """The form of a token request as the request log shows it: never the client secret."""
        form = dict(urllib.parse.parse_qsl(request.body_text, keep_blank_values=True))
        form.pop('client_secret', None)
        return form

    def _fault_response(self, fault):
        if fault.status == 0:
            return Response(0, drop=True)
        body = fault.body if fault.body is not None else default_error_body(fault.status)
        headers = {}
        if fault.retry_after is not None:
            headers['Retry-After'] = str(int(fault.retry_after)) if float(fault.retry_after).is_integer() else str(fault.retry_after)
        return Response(fault.status, body, headers)

    def _dispatch(self, request, kind):
        """Handle an API or token request; a bug of the simulator is answered like OVH's 500."""
        try:
            if kind == 'token':
                if request.method != 'POST':
                    return Response(405, {'error': 'invalid_request', 'error_description': 'Use POST'})
                status, body = self.auth.issue_token(request)
                return Response(status, body)
            if kind != 'api':
                return Response(404, {'class': 'Client::NotFound', 'message': 'Got an invalid (or empty) URL'})
            return self._call_route(request)
        except ApiError as error:
            return Response(error.status, error.body(), dict(error.headers))
        except Exception as error:
            return self.internal_error(error)

    def internal_error(self, error):
        """OVH's 500 for a bug of the simulator (its traceback on standard error with ``--verbose``)."""
        if self.verbose:
            log_traceback()
        message = 'Internal server error (simulator: %s: %s)' % (type(error).__name__, error)
        return Response(500, {'class': 'Server::InternalServerError', 'message': message})

    def _call_route(self, request):
        with self.store.lock:
            try:
                route, params = self.router.match(request.method, request.path)
                identity = self.auth.authenticate(request, route.auth, route.check_application_key)
                body = None
                if route.body:
                    if request.json_error:
                        raise bad_request('Invalid body: the request body is not valid JSON')
                    body = validate_body(route.body, request.json, route.body_optional)
                for name, type_name in route.query.items():
                    if name in request.query and type_name != 'string':
                        parse_query_value(name, type_name, request.query[name])
                result = route.handler(Context(self, request, route, params, body, identity))
            finally:
                self.store.commit()
        return Response(200, result)

    def _record(self, request, response, body, query_id):
        with self.store.lock:
            entry_id = self.store.next_id('request')
        entry = {
            'id': entry_id,
            'time': format_datetime(self.store.now()),
            'method': request.method,
            'path': request.path,
            'query': dict(request.query),
            'body': body,
            'status': response.status,
            'queryId': query_id,
            'authentication': request.authentication,
            'credentialId': request.credential_id,
        }
        with self.log_lock:
            self.log.append(entry)
            if len(self.log) > LOG_LIMIT:
                del self.log[:len(self.log) - LOG_LIMIT]

    def requests(self):
        with self.log_lock:
            return list(self.log)

    def clear_requests(self):
        with self.log_lock:
            self.log = []


class Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    server_version = 'OVH-API-Simulator/1.0'
    # Keep-alive connections: send small answers at once (no Nagle / delayed-ACK stalls).
    disable_nagle_algorithm = True

    def version_string(self):
        return self.server_version

    def do_GET(self):
        self._serve()

    do_POST = do_GET
    do_PUT = do_GET
    do_DELETE = do_GET
    do_PATCH = do_GET

    def _serve(self):
        app = self.server.app
        if 'chunked' in (self.headers.get('Transfer-Encoding') or '').lower():
            body = self._read_chunked()
        else:
            try:
                length = int(self.headers.get('Content-Length') or 0)
            except ValueError:
                length = 0
            body = self.rfile.read(length) if length > 0 else b''
        host, port = self.server.server_address[:2]
        request = Request(self.command, self.path, self.headers, body, default_host='%s:%s' % (host, port))
        try:
            response = app.handle(request)
        except Exception as error:  # a bug outside the routes (control API, request log): still an answer
            response = app.internal_error(error)
        if response.drop:
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return
        payload = response.payload()
        self.send_response(response.status, REASONS.get(response.status))
        self.send_header('Content-Type', response.content_type)
        self.send_header('Content-Length', str(len(payload)))
        self.send_header('Cache-Control', 'no-cache, no-store')
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(payload)

    def _read_chunked(self):
        chunks = []
        while True:
            size = int(self.rfile.readline().split(b';')[0].strip() or b'0', 16)
            if size == 0:
                while self.rfile.readline() not in (b'\r\n', b'\n', b''):
                    pass
                return b''.join(chunks)
            chunks.append(self.rfile.read(size))
            self.rfile.readline()

    def log_message(self, format, *args):
        if self.server.app.verbose:
            write_stderr('%s - %s\n' % (self.address_string(), format % args))


def write_stderr(text):
    """Write to standard error; a closed or broken standard error never fails a request."""
    try:
        sys.stderr.write(text)
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


def log_traceback():
    write_stderr(traceback.format_exc())


class SimulatorHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    # socketserver listens with a backlog of 5: a burst of clients (parallel tests, threads) would
    # see dropped SYNs and one-second connect retries.
    request_queue_size = 128

    def __init__(self, address, app):
        if ':' in address[0]:
            self.address_family = socket.AF_INET6
        self.app = app
        super().__init__(address, Handler)

    def handle_error(self, request, client_address):
        if self.app.verbose:
            write_stderr('-' * 40 + '\nException while handling a request from %s\n' % (client_address,))
            log_traceback()
