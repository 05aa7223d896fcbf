# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# PRIVATE to the ovhcloud.order collection: no compatibility promise to other collections.
"""``OvhClient``: the OVHcloud API client shared by the collection's modules.

It sends JSON requests with ``requests`` and takes care of:

- authentication: python-ovh's application key / secret / consumer key signature (with the
  ``/auth/time`` clock delta, fetched once per client), or an OAuth2 service account (client
  credentials grant, token reused until it expires and refreshed once on a 401);
- bounded retries with exponential backoff and jitter, honouring ``Retry-After``, only for GET,
  PUT, DELETE and POSTs marked ``safe=True`` (``POST /order/cart/{id}/checkout`` refuses it);
- translating every failure into one of the exceptions of ``_errors.py``, none of which holds a
  secret, a signature or an authentication header;
- counting every HTTP request (``call_count``) and keeping a short record of each (``calls``).

Example::

    settings = resolve_settings(endpoint='ovh-eu')          # _config.py
    client = OvhClient(settings, timeout=180, validate_certs=True)
    cart = client.post('/order/cart', body={'ovhSubsidiary': 'FR'})
    client.post(api_path('/order/cart/{}/assign', cart['cartId']), safe=True)
"""

from __future__ import annotations

import base64
import dataclasses
import json
import logging
import random
import re
import threading
import time
import traceback
from email.utils import parsedate_to_datetime
from urllib.parse import quote, unquote

from ansible_collections.ovhcloud.order.plugins.module_utils._errors import (
    OvhApiError,
    OvhAuthError,
    OvhConfigurationError,
    OvhError,
    OvhInvalidResponseError,
    OvhNetworkError,
    OvhTimeoutError,
    OvhTransportError,
    api_error_from_response,
    parse_error_body,
)
from ansible_collections.ovhcloud.order.plugins.module_utils._signing import append_query, encode_body, encode_query, join_url, sign
from ansible_collections.ovhcloud.order.plugins.module_utils._version import COLLECTION_NAME, COLLECTION_VERSION

try:
    import requests
except ImportError:
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = traceback.format_exc()
else:
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None

DEFAULT_TIMEOUT = 180
METHODS = ('GET', 'POST', 'PUT', 'DELETE')
RETRYABLE_METHODS = ('GET', 'PUT', 'DELETE')
RETRYABLE_STATUSES = frozenset((429, 500, 502, 503, 504))
# An OAuth2 token is renewed this many seconds before the server says it expires (at most half its life).
TOKEN_EXPIRY_MARGIN = 30
_MAX_REASON = 300
_REDACTED = '<redacted>'
_CHECKOUT_RE = re.compile(r'^(?:/v1|/1\.0)?/order/cart/[^/]+/checkout/*$', re.IGNORECASE)

logger = logging.getLogger('ovhcloud.order.client')


def api_path(template: str, *values) -> str:
    """``template`` with each ``{}`` replaced by one value, percent-encoded as a single path segment.

    >>> api_path('/order/cart/{}/item/{}', 'a b/c', 42)
    '/order/cart/a%20b%2Fc/item/42'

    An empty value, ``.`` or ``..`` is refused (``ValueError``): it would change which route is called.
    """
    pieces = template.split('{}')
    if len(pieces) - 1 != len(values):
        raise ValueError('api_path(%r) expects %d values, got %d' % (template, len(pieces) - 1, len(values)))
    result = [pieces[0]]
    for value, piece in zip(values, pieces[1:]):
        text = str(value)
        if text in ('', '.', '..'):
            raise ValueError('api_path(%r): %r is not a usable path segment' % (template, text))
        result.append(quote(text, safe=''))
        result.append(piece)
    return ''.join(result)


def is_checkout_path(path: str) -> bool:
    """Whether ``path`` is ``/order/cart/{cartId}/checkout`` (the call that places an order).

    Deliberately broad: case, repeated or trailing slashes, percent-encoding and a ``/v1`` prefix
    are ignored, and the path matches if it does either before or after decoding ``%2F``.
    """
    path = path.split('?', 1)[0].split('#', 1)[0]
    segments = [unquote(segment).lower() for segment in path.split('/') if segment]
    if segments[:1] in (['v1'], ['1.0']):
        segments = segments[1:]
    if len(segments) == 4 and segments[:2] == ['order', 'cart'] and segments[3] == 'checkout':
        return True
    return bool(_CHECKOUT_RE.match(re.sub('/{2,}', '/', unquote(path))))


@dataclasses.dataclass(frozen=True)
class RetryPolicy:
    """How a retryable call is retried.

    - ``max_attempts``: requests sent for one call at most (the first one included);
    - ``max_total_time``: seconds from the start of the call after which no new attempt starts; a
      ``Retry-After`` longer than what is left ends the call at once with the error received;
    - the n-th wait is ``min(backoff_max, backoff_base * 2 ** (n - 1))`` times a random factor in
      [0.5, 1), unless the answer has a ``Retry-After`` (seconds or an HTTP date), which is used as is;
    - ``statuses``: the HTTP statuses retried; connection errors and timeouts are always retried.
    """

    max_attempts: int = 4
    max_total_time: float = 60.0
    backoff_base: float = 1.0
    backoff_max: float = 16.0
    statuses: frozenset = RETRYABLE_STATUSES

    def __post_init__(self):
        if self.max_attempts < 1:
            raise ValueError('RetryPolicy.max_attempts must be at least 1')
        if self.max_total_time < 0 or self.backoff_base < 0 or self.backoff_max < 0:
            raise ValueError('RetryPolicy times must not be negative')


NO_RETRY = RetryPolicy(max_attempts=1)


@dataclasses.dataclass(frozen=True)
class CallRecord:
    """One HTTP request sent: ``kind`` is ``api``, ``time`` (``/auth/time``) or ``token`` (OAuth2),
    ``path`` is the path and query without the base URL (the full URL for a token request),
    ``status`` is ``None`` when no answer came, ``elapsed`` is in seconds."""

    method: str
    path: str
    status: int | None
    kind: str = 'api'
    elapsed: float = 0.0


def _keep_request(request):
    """Session auth that changes nothing: it stops requests from adding ~/.netrc credentials."""
    return request


def user_agent() -> str:
    """``ovhcloud.order/<version> python-requests/<version>``."""
    version = requests.__version__ if HAS_REQUESTS else 'missing'
    return '%s/%s python-requests/%s' % (COLLECTION_NAME, COLLECTION_VERSION, version)


def _check_timeout(timeout):
    if timeout is None:
        return DEFAULT_TIMEOUT
    values = tuple(timeout) if isinstance(timeout, (tuple, list)) else (timeout,)
    if len(values) not in (1, 2) or any(isinstance(v, bool) or not isinstance(v, (int, float)) or v <= 0 for v in values):
        raise ValueError('timeout must be a positive number of seconds, or a (connect, read) pair of them')
    return values if len(values) == 2 else values[0]


class OvhClient:
    """A client of one OVHcloud API endpoint with one set of credentials (see ``_config.OvhSettings``).

    ``timeout`` is in seconds for connecting and for each read (or a ``(connect, read)`` pair);
    ``validate_certs=False`` turns TLS certificate checks off. ``retry`` is a :class:`RetryPolicy`.
    ``session``, ``sleep``, ``monotonic``, ``clock`` (wall-clock epoch seconds, used for the
    request timestamp) and ``rng`` (a ``random.Random``, for the jitter) can be replaced by tests.
    """

    def __init__(self, settings, timeout=DEFAULT_TIMEOUT, validate_certs: bool = True, *, retry: RetryPolicy | None = None, session=None,
                 sleep=time.sleep, monotonic=time.monotonic, clock=time.time, rng: random.Random | None = None):
        if not HAS_REQUESTS:
            raise ImportError('the requests Python library is required by the OVHcloud API client')
        self.settings = settings
        self.timeout = _check_timeout(timeout)
        self.validate_certs = bool(validate_certs)
        self.retry = retry if retry is not None else RetryPolicy()
        if session is None:
            session = requests.Session()
            session.auth = _keep_request
        self._session = session
        self._sleep = sleep
        self._monotonic = monotonic
        self._clock = clock
        self._rng = rng if rng is not None else random.Random()
        self._user_agent = user_agent()
        self._call_count = 0
        self.calls: list = []
        self._time_delta = None
        self._token = None
        self._token_expires_at = None
        self._secrets = set(settings.secrets)
        # The client is shared by the threads of _concurrency.map_concurrently: the counter, the
        # clock delta, the token and the pause after a 429 are guarded by this lock.
        self._lock = threading.RLock()
        self._paused_until = 0.0
        # Called (from any thread) before each HTTP request is sent, e.g. a _pacing.RequestPacer.
        self.pace = None
        if settings.client_id and settings.client_secret:
            self._secrets.add(self._basic_credentials())

    # -- public API -----------------------------------------------------------------------------
    @property
    def call_count(self) -> int:
        """HTTP requests sent by this client: API calls, their retries, ``/auth/time`` and OAuth2 token requests."""
        return self._call_count

    def get(self, path: str, query=None, *, auth: bool = True, safe: bool | None = None):
        """``GET path`` with ``query`` (a mapping or pairs) appended; retried unless ``safe=False``."""
        return self.request('GET', path, query=query, auth=auth, safe=safe)

    def post(self, path: str, body=None, *, query=None, auth: bool = True, safe: bool = False):
        """``POST path`` with ``body`` as JSON (no body when None); retried only when ``safe=True``.

        Mark ``safe=True`` only a POST that can be sent twice without harm (``assign``, for example);
        ``POST /order/cart/{id}/checkout`` refuses it (``ValueError``).
        """
        return self.request('POST', path, query=query, body=body, auth=auth, safe=safe)

    def put(self, path: str, body=None, *, query=None, auth: bool = True, safe: bool | None = None):
        """``PUT path`` with ``body`` as JSON; retried unless ``safe=False``."""
        return self.request('PUT', path, query=query, body=body, auth=auth, safe=safe)

    def delete(self, path: str, query=None, *, auth: bool = True, safe: bool | None = None):
        """``DELETE path``; retried unless ``safe=False``."""
        return self.request('DELETE', path, query=query, auth=auth, safe=safe)

    def request(self, method: str, path: str, *, query=None, body=None, auth: bool = True, safe: bool | None = None):
        """Send one API call and return its decoded JSON answer (``None`` for 204, an empty body or ``null``).

        ``path`` starts with ``/`` and is relative to the endpoint's base URL (``/v1/...`` and
        ``/v2/...`` replace a trailing ``/1.0``); it is sent and signed as given, so build it with
        :func:`api_path`. ``query`` is encoded as python-ovh does (booleans as ``true``/``false``,
        None as ``null``). ``body`` is sent as compact JSON. ``auth=False`` sends the call unsigned
        (only ``X-Ovh-Application``). ``safe``: None retries GET, PUT and DELETE but not POST;
        True retries any method (refused for the checkout POST); False never retries.

        Raises an :class:`OvhError` subclass on any failure, ``ValueError`` on a bad argument.
        """
        method = str(method).upper()
        if method not in METHODS:
            raise ValueError('unsupported HTTP method %r: use one of %s' % (method, ', '.join(METHODS)))
        if not isinstance(path, str) or not path.startswith('/'):
            raise ValueError('the API path must be a string starting with "/", got %r' % (path,))
        checkout = method == 'POST' and is_checkout_path(path)
        if checkout and safe:
            raise ValueError('POST %s places an order and can never be marked safe to retry' % path.split('?', 1)[0])
        retryable = not checkout and (bool(safe) if safe is not None else method in RETRYABLE_METHODS)
        target = append_query(path, encode_query(query))
        body_text = encode_body(body)
        signed = auth and self.settings.auth_method == 'application'
        if signed and not self.settings.consumer_key:
            raise OvhConfigurationError(
                'consumer_key is not set: the signed call %s %s needs application_key, application_secret and consumer_key '
                '(option consumer_key, environment variable OVH_CONSUMER_KEY, or consumer_key in the [%s] section of an ovh.conf file).'
                % (method, path.split('?', 1)[0], self.settings.endpoint), options=('consumer_key',))
        if signed:
            self._ensure_time_delta()
        return self._execute(method, target, body_text, auth=auth, retryable=retryable, kind='api')

    @property
    def time_delta(self) -> int:
        """Server time minus local time, in seconds, from one unsigned ``GET /auth/time`` (fetched once)."""
        self._ensure_time_delta()
        return self._time_delta

    @property
    def signs_requests(self) -> bool:
        """Whether calls are signed with the application key (and so need the clock delta)."""
        return self.settings.auth_method == 'application' and bool(self.settings.consumer_key)

    @property
    def known_time_delta(self) -> int:
        """The clock delta if this client has already fetched it, else 0; never sends a request."""
        return self._time_delta or 0

    def close(self) -> None:
        """Close the HTTP connections."""
        self._session.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    # -- one call, with its retries ---------------------------------------------------------------
    def _execute(self, method: str, target: str, body_text: str, *, auth: bool, retryable: bool, kind: str):
        policy = self.retry if retryable else NO_RETRY
        url = join_url(self.settings.base_url, target)
        started = self._monotonic()
        attempt = 0  # attempts counted against the retry policy
        tries = 0  # attempts, plus the resend after an OAuth2 token refresh
        refreshed = False
        while True:
            attempt += 1
            tries += 1
            retry_after = None
            try:
                headers = self._headers(method, url, body_text, auth)
            except OvhTransportError as exc:
                # The OAuth2 token request got no answer: the API call was not sent.
                failure = exc
                response = None
            else:
                response, failure = self._send(method, target, url, body_text, headers, kind)
            if response is not None:
                status = response.status_code
                if status == 401 and auth and self.settings.auth_method == 'oauth2' and not refreshed:
                    # The token was refused (revoked, or expired early): get a new one and resend once.
                    logger.debug('%s %s -> 401 with an OAuth2 token; renewing the token once', method, target)
                    refreshed = True
                    self._token = None
                    attempt -= 1
                    continue
                if 200 <= status < 300:
                    return self._decode(response, method, target, tries)
                failure = self._api_error(response, method, target, tries)
                if status == 429:
                    self._pause(failure.retry_after)
                if status not in policy.statuses:
                    raise failure
                retry_after = failure.retry_after
            failure.attempts = tries
            if attempt >= policy.max_attempts:
                raise failure
            delay = self._retry_delay(policy, attempt, retry_after, started)
            if delay is None:
                raise failure
            logger.info('%s %s failed (%s); attempt %d of %d in %.1f s', method, target, _short(failure), attempt + 1, policy.max_attempts, delay)
            self._sleep(delay)

    def _pause(self, seconds: float | None) -> None:
        """After a 429, hold every request of this client (all threads) for ``Retry-After`` seconds."""
        if seconds:
            with self._lock:
                self._paused_until = max(self._paused_until, self._monotonic() + min(seconds, self.retry.max_total_time))

    def _wait_for_pause(self) -> None:
        remaining = self._paused_until - self._monotonic()
        if remaining > 0:
            self._sleep(remaining)

    def _retry_delay(self, policy: RetryPolicy, attempt: int, retry_after: float | None, started: float) -> float | None:
        """Seconds to wait before the next attempt, or None when the time budget does not allow one."""
        remaining = policy.max_total_time - (self._monotonic() - started)
        if retry_after is not None:
            return retry_after if retry_after <= remaining else None
        if remaining <= 0:
            return None
        delay = min(policy.backoff_max, policy.backoff_base * 2 ** (attempt - 1))
        delay *= 0.5 + self._rng.random() / 2
        return min(delay, remaining)

    # -- authentication ---------------------------------------------------------------------------
    def _headers(self, method: str, url: str, body_text: str, auth: bool) -> dict:
        headers = {'User-Agent': self._user_agent, 'Accept': 'application/json'}
        if body_text:
            headers['Content-Type'] = 'application/json'
        settings = self.settings
        if auth and settings.auth_method == 'oauth2':
            headers['Authorization'] = 'Bearer ' + self._bearer_token()
            return headers
        if settings.application_key:
            headers['X-Ovh-Application'] = settings.application_key
        if auth:
            now = int(self._clock()) + self._time_delta
            headers['X-Ovh-Consumer'] = settings.consumer_key
            headers['X-Ovh-Timestamp'] = str(now)
            headers['X-Ovh-Signature'] = sign(settings.application_secret, settings.consumer_key, method, url, body_text, now)
        return headers

    def _ensure_time_delta(self) -> None:
        if self._time_delta is not None:
            return
        with self._lock:
            if self._time_delta is None:
                self._fetch_time_delta()

    def _fetch_time_delta(self) -> None:
        server_time = self._execute('GET', '/auth/time', '', auth=False, retryable=True, kind='time')
        if isinstance(server_time, bool) or not isinstance(server_time, (int, float)):
            raise OvhInvalidResponseError('the server time is not a number of seconds', method='GET', path='/auth/time', status=200)
        self._time_delta = int(server_time) - int(self._clock())
        logger.debug('server time delta: %d s', self._time_delta)

    def _basic_credentials(self) -> str:
        pair = '%s:%s' % (self.settings.client_id, self.settings.client_secret)
        return base64.b64encode(pair.encode('utf-8')).decode('ascii')

    def _bearer_token(self) -> str:
        with self._lock:
            if self._token is None or (self._token_expires_at is not None and self._monotonic() >= self._token_expires_at):
                self._fetch_token()
            return self._token

    def _fetch_token(self) -> None:
        """OAuth2 client credentials grant at the token URL (credentials as HTTP Basic, scope ``all``)."""
        token_url = self.settings.token_url
        headers = {
            'User-Agent': self._user_agent,
            'Accept': 'application/json',
            'Content-Type': 'application/x-www-form-urlencoded',
            'Authorization': 'Basic ' + self._basic_credentials(),
        }
        requested_at = self._monotonic()
        response, failure = self._send('POST', token_url, token_url, 'grant_type=client_credentials&scope=all', headers, 'token')
        if failure is not None:
            failure.message = 'OAuth2 token request: ' + failure.message
            raise failure
        status = response.status_code
        payload = None
        if 200 <= status < 300:
            try:
                payload = json.loads(response.content)
            except ValueError:
                payload = None
        token = payload.get('access_token') if isinstance(payload, dict) else None
        token_type = payload.get('token_type', 'bearer') if isinstance(payload, dict) else None
        if not token or not isinstance(token, str) or str(token_type).lower() != 'bearer':
            if 200 <= status < 300:
                fields = {'error_class': None, 'error_code': None, 'details': None,
                          'message': 'the OAuth2 token endpoint answered without a bearer access_token'}
            else:
                fields = parse_error_body(self._scrub(_body_text(response)))
                fields['message'] = 'OAuth2 token request refused: ' + (fields['message'] or response.reason or 'no error message')
            error = OvhAuthError(fields['message'], method='POST', path=token_url, status=status, error_class=fields['error_class'],
                                 error_code=fields['error_code'], details=self._scrub(fields['details']), query_id=_query_id(response))
            raise error
        self._token = token
        self._secrets.add(token)
        expires_in = payload.get('expires_in')
        if isinstance(expires_in, (int, float)) and not isinstance(expires_in, bool) and expires_in > 0:
            self._token_expires_at = requested_at + expires_in - min(TOKEN_EXPIRY_MARGIN, expires_in / 2)
        else:
            self._token_expires_at = None
        logger.debug('OAuth2 token obtained from %s', token_url)

    # -- transport and decoding ----------------------------------------------------------------
    def _send(self, method: str, record_path: str, url: str, body_text: str, headers: dict, kind: str):
        """Send one HTTP request: ``(response, None)``, or ``(None, OvhTransportError)`` when no answer came."""
        self._wait_for_pause()
        if self.pace is not None:
            self.pace()
        with self._lock:
            self._call_count += 1
        started = self._monotonic()
        error = None
        try:
            response = self._session.request(method, url, data=body_text.encode('utf-8') if body_text else None, headers=headers,
                                             timeout=self.timeout, verify=self.validate_certs, allow_redirects=False)
        except requests.exceptions.Timeout as exc:
            error = OvhTimeoutError(self._timeout_text(exc), method=method, path=record_path)
        except requests.exceptions.ConnectionError as exc:
            error = OvhNetworkError(self._scrub(_reason(exc)), method=method, path=record_path)
        except (requests.exceptions.RequestException, ValueError) as exc:
            # Invalid URL, header or encoding: the text of such errors may quote a header value.
            error = OvhNetworkError('the request could not be sent (%s)' % type(exc).__name__, method=method, path=record_path)
        elapsed = self._monotonic() - started
        if error is not None:
            self.calls.append(CallRecord(method, record_path, None, kind, elapsed))
            logger.debug('%s %s -> no answer (%s)', method, record_path, error.kind)
            return None, error
        self.calls.append(CallRecord(method, record_path, response.status_code, kind, elapsed))
        logger.debug('%s %s -> %s', method, record_path, response.status_code)
        return response, None

    def _timeout_text(self, exc) -> str:
        connect, read = self.timeout if isinstance(self.timeout, tuple) else (self.timeout, self.timeout)
        if isinstance(exc, requests.exceptions.ConnectTimeout):
            return 'could not connect within %g s' % connect
        return 'no answer within %g s (the server may still have processed the request)' % read

    def _api_error(self, response, method: str, target: str, tries: int) -> OvhApiError:
        error = api_error_from_response(method, target, response.status_code, self._scrub(_body_text(response)), query_id=_query_id(response),
                                        reason=response.reason, attempts=tries, retry_after=self._retry_after(response))
        error.details = self._scrub(error.details)
        if 300 <= response.status_code < 400:
            error.message = 'unexpected redirection to %s' % self._scrub(response.headers.get('Location', 'nowhere'))
        return error

    def _decode(self, response, method: str, target: str, tries: int):
        if response.status_code == 204 or not response.content.strip():
            return None
        try:
            return json.loads(response.content)
        except ValueError:
            error = OvhInvalidResponseError('the answer is not valid JSON (Content-Type: %s)' % response.headers.get('Content-Type', 'none'),
                                            method=method, path=target, status=response.status_code, query_id=_query_id(response), attempts=tries)
        raise error

    def _retry_after(self, response) -> float | None:
        value = response.headers.get('Retry-After')
        if not value:
            return None
        value = value.strip()
        try:
            return max(0.0, float(value))
        except ValueError:
            pass
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when is None:
            return None
        return max(0.0, when.timestamp() - self._clock())

    def _scrub(self, value):
        """``value`` (text, or a structure of texts) with every known secret replaced."""
        if isinstance(value, str):
            for secret in self._secrets:
                if secret and secret in value:
                    value = value.replace(secret, _REDACTED)
            return value
        if isinstance(value, dict):
            return {self._scrub(k): self._scrub(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self._scrub(v) for v in value]
        return value


def _body_text(response) -> str:
    return response.content.decode('utf-8', errors='replace')


def _query_id(response) -> str | None:
    return response.headers.get('X-Ovh-Queryid') or None


def _reason(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    text = re.sub(r'\s+', ' ', text)
    return text if len(text) <= _MAX_REASON else text[:_MAX_REASON - 3] + '...'


def _short(error: OvhError) -> str:
    if isinstance(error, OvhApiError):
        return 'HTTP %s' % error.status
    return getattr(error, 'kind', type(error).__name__)
