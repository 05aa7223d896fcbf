# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# PRIVATE to the ovhcloud.order collection: no compatibility promise to other collections.
"""The OVHcloud API request signature and the exact bytes it covers, as pure functions.

The signature of a request is ``"$1$"`` followed by the SHA-1 hex digest of the UTF-8 encoding of
``application_secret + "+" + consumer_key + "+" + METHOD + "+" + url + "+" + body + "+" + timestamp``,
where ``url`` is the full URL as sent (query string included) and ``body`` the exact text sent
(empty when there is none). The helpers below build that URL and body the way python-ovh 1.2 does,
so that both send the same bytes for the same request.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from urllib.parse import urlencode

SIGNATURE_PREFIX = '$1$'


def sign(application_secret: str, consumer_key: str, method: str, url: str, body: str, timestamp) -> str:
    """The ``X-Ovh-Signature`` header value for one request.

    ``timestamp`` is the server time in epoch seconds (an int, or its decimal string).
    """
    payload = '+'.join((application_secret, consumer_key, method.upper(), url, body, str(timestamp)))
    return SIGNATURE_PREFIX + hashlib.sha1(payload.encode('utf-8')).hexdigest()


def encode_query(query) -> str:
    """The query string for ``query`` (a mapping, or a sequence of ``(name, value)`` pairs).

    Pairs keep their order; ``True``/``False`` become ``true``/``false`` and ``None`` becomes
    ``null``; names and values are form-encoded (a space becomes ``+``), as python-ovh does.
    """
    if not query:
        return ''
    items = query.items() if isinstance(query, Mapping) else query
    pairs = []
    for name, value in items:
        if isinstance(value, bool):
            value = 'true' if value else 'false'
        elif value is None:
            value = 'null'
        pairs.append((name, value))
    return urlencode(pairs)


def append_query(target: str, query_string: str) -> str:
    """``target`` with ``query_string`` appended after ``?``, or after ``&`` if it already has one."""
    if not query_string:
        return target
    return target + ('&' if '?' in target else '?') + query_string


def encode_body(body) -> str:
    """The request body text: compact JSON (non-ASCII escaped), or ``''`` when ``body`` is None."""
    if body is None:
        return ''
    return json.dumps(body, separators=(',', ':'))


def join_url(base_url: str, path: str) -> str:
    """The full URL of ``path`` on ``base_url``.

    A path starting with ``/v1`` or ``/v2`` replaces a base URL's trailing ``/1.0`` (so
    ``https://eu.api.ovh.com/1.0`` + ``/v2/iam/policy`` is ``https://eu.api.ovh.com/v2/iam/policy``).
    """
    if base_url.endswith('/1.0') and path.startswith(('/v1', '/v2')):
        base_url = base_url[:-len('/1.0')]
    return base_url + path
