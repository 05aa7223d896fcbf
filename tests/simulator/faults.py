# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fault injection rules (``POST /_sim/faults``).

A rule ``{method, path, status, times, retry_after, after_commit, latency_ms, body}`` applies to the
next ``times`` API requests whose method matches (any method when absent or ``"*"``) and whose path
without the ``/1.0`` or ``/v1`` prefix matches the regular expression ``path`` (``re.search``). It
answers ``status`` with an OVH-shaped error body (or ``body``) instead of handling the request, or:

* with ``after_commit: true``, handles the request first (its effect is kept) and then answers
  ``status``;
* with ``status: 0``, closes the connection without answering (after the effect when
  ``after_commit`` is true, before it otherwise);
* with ``latency_ms``, waits that long first; a rule with ``latency_ms`` and no ``status`` only
  delays the request, which is then handled normally.
"""

import re


class FaultRule:
    def __init__(self, rule_id, spec):
        if not isinstance(spec, dict):
            raise ValueError('a fault rule must be a JSON object')
        unknown = set(spec) - {'method', 'path', 'status', 'times', 'retry_after', 'after_commit', 'latency_ms', 'body'}
        if unknown:
            raise ValueError('unknown fault rule field(s): %s' % ', '.join(sorted(unknown)))
        self.id = rule_id
        method = spec.get('method') or '*'
        if not isinstance(method, str):
            raise ValueError('method must be a string')
        self.method = method.upper()
        path = spec.get('path', '.*')
        if not isinstance(path, str):
            raise ValueError('path must be a regular expression (string)')
        try:
            self.regex = re.compile(path)
        except re.error as error:
            raise ValueError('path is not a valid regular expression: %s' % error)
        self.path = path
        self.status = spec.get('status')
        self.latency_ms = spec.get('latency_ms') or 0
        if self.status is None and not self.latency_ms:
            raise ValueError('a fault rule needs a status or a latency_ms')
        if self.status is not None and (not isinstance(self.status, int) or isinstance(self.status, bool)
                                        or not (self.status == 0 or 100 <= self.status <= 599)):
            raise ValueError('status must be 0 (drop the connection) or an HTTP status code')
        if not isinstance(self.latency_ms, (int, float)) or self.latency_ms < 0:
            raise ValueError('latency_ms must be a non-negative number')
        self.times = spec.get('times', 1)
        if self.times is not None and (not isinstance(self.times, int) or isinstance(self.times, bool)):
            raise ValueError('times must be an integer (null or -1: every matching request)')
        if self.times is not None and self.times < 0:
            self.times = None
        self.retry_after = spec.get('retry_after')
        if self.retry_after is not None and (not isinstance(self.retry_after, (int, float)) or self.retry_after < 0):
            raise ValueError('retry_after must be a non-negative number of seconds')
        self.after_commit = bool(spec.get('after_commit', False))
        self.body = spec.get('body')
        if self.body is not None and not isinstance(self.body, (dict, list, str)):
            raise ValueError('body must be a JSON object, array or string')
        self.hits = 0

    def matches(self, method, path):
        if self.times is not None and self.hits >= self.times:
            return False
        return (self.method == '*' or self.method == method) and self.regex.search(path) is not None

    def describe(self):
        return {
            'id': self.id, 'method': self.method, 'path': self.path, 'status': self.status, 'times': self.times,
            'retry_after': self.retry_after, 'after_commit': self.after_commit, 'latency_ms': self.latency_ms,
            'body': self.body, 'hits': self.hits,
        }


class Faults:
    """The active fault rules (kept in memory only; ``POST /_sim/reset`` clears them)."""

    def __init__(self):
        self.rules = []
        self.last_id = 0

    def add(self, spec):
        specs = spec if isinstance(spec, list) else [spec]
        rules = []
        for item in specs:
            self.last_id += 1
            rules.append(FaultRule(self.last_id, item))
        self.rules.extend(rules)
        return [rule.describe() for rule in rules]

    def take(self, method, path):
        """The first rule that applies to this request (its use is counted), or ``None``."""
        for rule in self.rules:
            if rule.matches(method, path):
                rule.hits += 1
                return rule
        return None

    def clear(self):
        self.rules = []

    def describe(self):
        return [rule.describe() for rule in self.rules]
