# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# PRIVATE to the ovhcloud.order collection: no compatibility promise to other collections.
"""The exceptions raised by the OVHcloud API client, and the translation of an HTTP error answer
into one of them.

Every error of the client is an :class:`OvhError`:

- :class:`OvhConfigurationError`: missing or contradictory settings, raised before any request;
- :class:`OvhApiError`: the API answered with an error status (or an undecodable success), with
  the subclasses :class:`OvhBadRequestError` (400), :class:`OvhAuthError` (401, 403, 400
  ``INVALID_SIGNATURE`` and OAuth2 token failures), :class:`OvhNotFoundError` (404),
  :class:`OvhConflictError` (409), :class:`OvhRateLimitError` (429), :class:`OvhServerError` (5xx)
  and :class:`OvhInvalidResponseError` (a 2xx whose body is not JSON);
- :class:`OvhTransportError`: no HTTP answer at all, as :class:`OvhNetworkError` or
  :class:`OvhTimeoutError`.

No error ever holds a secret, a signature or an authentication header: the client builds them from
the method, the path (never the base URL), the answer's status, body fields and query id only.
"""

from __future__ import annotations

import json
import re

# Longest error message kept from a body that is not OVH's JSON error shape (an HTML page from a
# proxy, for example), and longest rendering of ``details`` in ``str(error)``.
_MAX_TEXT_MESSAGE = 300
_MAX_DETAILS_TEXT = 600

# errorCode values that mean "these credentials cannot be used", whatever the status.
AUTH_ERROR_CODES = frozenset(('INVALID_SIGNATURE', 'INVALID_CREDENTIAL', 'NOT_CREDENTIAL', 'NOT_GRANTED_CALL', 'INVALID_KEY', 'FORBIDDEN'))

# The access rules that the guides "Order your first domain" and "Renew before it is too late"
# (docs/docsite/rst/) give consumer keys, exact paths first: a call refused with NOT_GRANTED_CALL is
# told the first one that covers it (tests/integration/test_least_privilege.py checks that the guides
# and this agree). Written "METHOD /path": a bare path constant reads as a GET the code sends
# (tests/unit/simulator/test_sim_serves_every_module_route.py).
DOCUMENTED_ACCESS_RULES = tuple(tuple(rule.split(' ', 1)) for rule in (
    'GET /me', 'GET /me/order', 'GET /order/cart', 'POST /order/cart', 'GET /domain',
    'POST /domain/contact', 'POST /domain/configurationRule/check', 'GET /me/task/domain',
    'PUT /domain/*/serviceInfos', 'GET /order/cartServiceOption/domain/*', 'POST /order/cartServiceOption/domain/*',
    'GET /me/order/*', 'POST /me/order/*', 'GET /me/payment/method/*', 'GET /me/task/domain/*',
    'GET /order/cart/*', 'POST /order/cart/*', 'PUT /order/cart/*', 'DELETE /order/cart/*', 'GET /domain/*',
))
RIGHTS_GUIDE = 'the guide "Order your first domain", section "The rights each use needs", lists them (renewals: the guide "Renew before it is too late")'


class OvhError(Exception):
    """Base class of every error raised by the client. ``message`` is the human-readable reason."""

    def __init__(self, message: str = ''):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return '%s(%r)' % (type(self).__name__, str(self))


class OvhStop(Exception):
    """A decision of the collection that ends the task without an API error: an input the API would
    refuse, a guard (price, premium name, an order that already exists), an order in an unknown
    state. ``message`` says why and what to do; ``result`` holds the keys to return with the failure.

    Raised by the order helpers; the module glue turns it into the task's failure in one place."""

    def __init__(self, message: str, **result):
        super().__init__(message)
        self.message = message
        self.result = result

    def __str__(self) -> str:
        return self.message


class OvhConfigurationError(OvhError):
    """The settings are missing or contradictory; raised before any request is sent.

    ``options`` names the settings involved (for example ``('application_key', 'application_secret')``).
    """

    def __init__(self, message: str = '', options=()):
        super().__init__(message)
        self.options = tuple(options)


class _RequestErrorMixin:
    """Attributes shared by the errors of one request, with or without an HTTP answer."""

    method: str
    path: str
    status: int | None
    error_class: str | None
    error_code: str | None
    message: str
    details: object
    query_id: str | None
    attempts: int

    def _set_request(self, method: str, path: str, attempts: int, status: int | None = None, error_class: str | None = None,
                     error_code: str | None = None, details=None, query_id: str | None = None) -> None:
        self.method = method
        self.path = path
        self.attempts = attempts
        self.status = status
        self.error_class = error_class
        self.error_code = error_code
        self.details = details
        self.query_id = query_id

    def to_dict(self) -> dict:
        """The error as plain data, for a module's ``failure`` result."""
        return {
            'method': self.method,
            'path': self.path,
            'http_status': self.status,
            'error_class': self.error_class,
            'error_code': self.error_code,
            'message': self.message,
            'details': self.details,
            'query_id': self.query_id,
            'attempts': self.attempts,
        }

    def _attempts_suffix(self) -> str:
        return ' (after %d attempts)' % self.attempts if self.attempts > 1 else ''


class OvhApiError(_RequestErrorMixin, OvhError):
    """The API answered with an error (or with a success that cannot be decoded).

    Attributes: ``method``, ``path`` (as sent, without the base URL), ``status`` (HTTP status),
    ``error_class`` (OVH's ``class``), ``error_code`` (OVH's ``errorCode``, or OAuth2's ``error``),
    ``message``, ``details`` (OVH's ``details``, usually a dict), ``query_id`` (the
    ``X-Ovh-Queryid`` answer header), ``attempts`` (requests sent for this call) and
    ``retry_after`` (seconds asked by a ``Retry-After`` header, if any).
    """

    def __init__(self, message: str = '', *, method: str = '', path: str = '', status: int | None = None, error_class: str | None = None,
                 error_code: str | None = None, details=None, query_id: str | None = None, attempts: int = 1, retry_after: float | None = None):
        super().__init__(message)
        self._set_request(method, path, attempts, status, error_class, error_code, details, query_id)
        self.retry_after = retry_after

    def __str__(self) -> str:
        text = '%s %s failed: HTTP %s' % (self.method, self.path, self.status)
        label = self.error_class or self.error_code
        if label:
            text += ' ' + label
        text += ': ' + (self.message or 'no error message')
        details = _details_text(self.details)
        if details:
            text += ' [' + details + ']'
        text += self._attempts_suffix()
        hint = self.hint()
        if hint:
            text += '; ' + hint
        if self.query_id:
            text += ' (X-Ovh-Queryid: %s)' % self.query_id
        return text

    def hint(self) -> str:
        """What to change, when the error says it (an access rule the consumer key lacks)."""
        if self.error_code != 'NOT_GRANTED_CALL':
            return ''
        method, path = access_rule_for(self.method, self.path)
        return ('the consumer key has no access rule for this call: use one whose accessRules also hold '
                '{"method": "%s", "path": "%s"} (%s)' % (method, path, RIGHTS_GUIDE))


def _rule_covers(pattern: str, path: str) -> bool:
    return re.match('^' + re.escape(pattern).replace('\\*', '.*') + '$', path) is not None


def access_rule_for(method: str, path: str) -> tuple:
    """The access rule ``(method, path pattern)`` that grants a call: the first of
    :data:`DOCUMENTED_ACCESS_RULES` that covers it, else the call itself (without its query)."""
    path = path.split('?', 1)[0]
    for rule_method, pattern in DOCUMENTED_ACCESS_RULES:
        if rule_method == method and _rule_covers(pattern, path):
            return rule_method, pattern
    return method, path


class OvhBadRequestError(OvhApiError):
    """HTTP 400: the request was refused as invalid (see ``details`` for eligibility rules)."""


class OvhAuthError(OvhApiError):
    """The credentials were refused or lack a right: HTTP 401, 403, 400 ``INVALID_SIGNATURE``, or a
    failure of the OAuth2 token endpoint (then ``path`` is the token URL)."""


class OvhNotFoundError(OvhApiError):
    """HTTP 404."""


class OvhConflictError(OvhApiError):
    """HTTP 409."""


class OvhRateLimitError(OvhApiError):
    """HTTP 429, after the retries allowed for the call."""


class OvhServerError(OvhApiError):
    """HTTP 5xx, after the retries allowed for the call."""


class OvhInvalidResponseError(OvhApiError):
    """A success status whose body is not valid JSON (or not the expected value)."""


class OvhTransportError(_RequestErrorMixin, OvhError):
    """The request got no HTTP answer. ``status``, ``error_class``, ``error_code``, ``details`` and
    ``query_id`` are always ``None``; they exist so that callers can read every request error alike."""

    kind = 'transport error'

    def __init__(self, message: str = '', *, method: str = '', path: str = '', attempts: int = 1):
        super().__init__(message)
        self._set_request(method, path, attempts)

    def __str__(self) -> str:
        return '%s %s failed: %s: %s%s' % (self.method, self.path, self.kind, self.message, self._attempts_suffix())


class OvhNetworkError(OvhTransportError):
    """The connection could not be made or was lost (DNS, refused, reset, TLS, proxy)."""

    kind = 'network error'


class OvhTimeoutError(OvhTransportError):
    """No answer within the configured timeout. For a POST the server may still have acted on it."""

    kind = 'timeout'


def _details_text(details) -> str:
    """A short, readable rendering of OVH's ``details`` (keys starting with ``_`` are bookkeeping)."""
    if not details:
        return ''
    if isinstance(details, dict):
        parts = []
        for key, value in details.items():
            if str(key).startswith('_'):
                continue
            if isinstance(value, (list, tuple)):
                value = ', '.join(str(item) for item in value)
            parts.append('%s: %s' % (key, value))
        text = '; '.join(parts)
    elif isinstance(details, (list, tuple)):
        text = '; '.join(str(item) for item in details)
    else:
        text = str(details)
    if len(text) > _MAX_DETAILS_TEXT:
        text = text[:_MAX_DETAILS_TEXT - 3] + '...'
    return text


def parse_error_body(body: str) -> dict:
    """Read an error answer's body in any of the shapes OVH uses.

    Returns a dict with ``error_class``, ``error_code``, ``message`` and ``details``:

    - ``{"class": ..., "message": ..., "details": {...}}`` (application errors);
    - ``{"errorCode": ..., "httpCode": "400 Bad Request", "message": ...}`` (authentication layer);
    - ``{"error": ..., "error_description": ...}`` (OAuth2 token endpoint);
    - anything else: the text itself (whitespace collapsed, shortened) becomes the message.
    """
    result = {'error_class': None, 'error_code': None, 'message': '', 'details': None}
    text = body or ''
    try:
        payload = json.loads(text) if text.strip() else None
    except ValueError:
        payload = None
    if isinstance(payload, dict):
        if payload.get('class') is not None:
            result['error_class'] = str(payload['class'])
        code = payload.get('errorCode')
        if code is None and isinstance(payload.get('error'), str):
            code = payload['error']
        if code is not None:
            result['error_code'] = str(code)
        message = payload.get('message')
        if message is None:
            message = payload.get('error_description')
        if message is not None:
            result['message'] = message if isinstance(message, str) else json.dumps(message)
        result['details'] = payload.get('details')
        return result
    if isinstance(payload, str):
        result['message'] = payload
        return result
    flat = re.sub(r'\s+', ' ', text).strip()
    if len(flat) > _MAX_TEXT_MESSAGE:
        flat = flat[:_MAX_TEXT_MESSAGE - 3] + '...'
    result['message'] = flat
    return result


def error_class_for(status: int, error_class: str | None = None, error_code: str | None = None, message: str | None = None) -> type[OvhApiError]:
    """The exception class for an HTTP error status and OVH's error fields."""
    if status in (401, 403) or error_code in AUTH_ERROR_CODES:
        return OvhAuthError
    if status == 400:
        if (message or '').strip().lower() == 'invalid signature':
            return OvhAuthError
        return OvhBadRequestError
    if status == 404:
        return OvhNotFoundError
    if status == 409:
        return OvhConflictError
    if status == 429:
        return OvhRateLimitError
    if 500 <= status <= 599:
        return OvhServerError
    if error_class and error_class.startswith('Client::Forbidden'):
        return OvhAuthError
    return OvhApiError


def api_error_from_response(method: str, path: str, status: int, body: str, *, query_id: str | None = None, reason: str | None = None,
                            attempts: int = 1, retry_after: float | None = None) -> OvhApiError:
    """Build the right :class:`OvhApiError` subclass for an error answer."""
    fields = parse_error_body(body)
    if not fields['message'] and reason:
        fields['message'] = reason
    cls = error_class_for(status, fields['error_class'], fields['error_code'], fields['message'])
    return cls(fields['message'], method=method, path=path, status=status, error_class=fields['error_class'], error_code=fields['error_code'],
               details=fields['details'], query_id=query_id, attempts=attempts, retry_after=retry_after)
