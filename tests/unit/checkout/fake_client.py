# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A fake of the collection's OvhClient (plugins/module_utils/_client.py) for fast tests without HTTP:
the same call signatures, every call recorded, answers from a table of canned responses."""

from __future__ import annotations

import copy
import threading
from collections import namedtuple

from ansible_collections.ovhcloud.order.plugins.module_utils._errors import OvhNotFoundError

Call = namedtuple('Call', 'method path query body')


class Sequence:
    """Answers given one per call, in order; the last one is repeated."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.index = 0

    def next(self):
        answer = self.answers[min(self.index, len(self.answers) - 1)]
        self.index += 1
        return answer


class FakeClient:
    """``routes``: ``{(method, path): answer}``. An answer is returned (a deep copy), raised when it is an
    exception, called with ``(query, body)`` when callable, or taken in turn from a :class:`Sequence`.
    A GET of a path not in the table answers 404, as the API does for a missing resource (``GET
    /domain/{name}`` of a domain the account does not hold); any other call not in the table fails the
    test. Like OvhClient, it refuses ``safe=True`` for the checkout POST. Safe from several threads."""

    signs_requests = False  # _clock.server_now: the local clock is the API's

    def __init__(self, routes=None):
        self.routes = dict(routes or {})
        self.calls: list = []
        self._lock = threading.Lock()

    # -- OvhClient's calls --------------------------------------------------------------------------
    def request(self, method, path, *, query=None, body=None, auth=True, safe=None):
        if method == 'POST' and path.endswith('/checkout') and safe:
            raise ValueError('the checkout POST is never retried')
        with self._lock:
            self.calls.append(Call(method, path, copy.deepcopy(query), copy.deepcopy(body)))
            answer = self.routes.get((method, path), _MISSING)
            if isinstance(answer, Sequence):
                answer = answer.next()
        if answer is _MISSING:
            if method != 'GET':
                raise AssertionError('unexpected call %s %s (body %r)' % (method, path, body))
            raise OvhNotFoundError('The requested object does not exist', method=method, path=path, status=404,
                                   error_class='Client::NotFound')
        if callable(answer) and not isinstance(answer, BaseException):
            answer = answer(query, body)
        if isinstance(answer, BaseException):
            raise answer
        return copy.deepcopy(answer)

    def get(self, path, query=None, *, auth=True, safe=None):
        return self.request('GET', path, query=query, auth=auth, safe=safe)

    def post(self, path, body=None, *, query=None, auth=True, safe=False):
        return self.request('POST', path, query=query, body=body, auth=auth, safe=safe)

    def put(self, path, body=None, *, query=None, auth=True, safe=None):
        return self.request('PUT', path, query=query, body=body, auth=auth, safe=safe)

    def delete(self, path, query=None, *, auth=True, safe=None):
        return self.request('DELETE', path, query=query, auth=auth, safe=safe)

    @property
    def call_count(self) -> int:
        return len(self.calls)

    # -- for the tests ------------------------------------------------------------------------------
    def sent(self, method=None, path=None) -> list:
        """The calls made, as ``'METHOD path'``, optionally only those of one method and/or path."""
        return ['%s %s' % (call.method, call.path) for call in self.calls
                if (method is None or call.method == method) and (path is None or call.path == path)]

    def writes(self) -> list:
        return [call for call in self.calls if call.method != 'GET']


_MISSING = object()
