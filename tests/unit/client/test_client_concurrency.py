# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""One client shared by the threads of the bounded pool: one clock delta, one count, and a 429
that holds every thread, not only the one that got it."""

from __future__ import annotations

import threading

import pytest

from ansible_collections.ovhcloud.order.plugins.module_utils._concurrency import map_concurrently
from ansible_collections.ovhcloud.order.plugins.module_utils._errors import OvhRateLimitError


def test_threads_share_one_clock_delta_and_one_count(make_client, api_server):
    client = make_client()
    paths = ['/me/order/%d/status' % number for number in range(12)]
    for path in paths:
        api_server.script('GET', '/1.0' + path, api_server.Reply(200, 'delivered'))
    assert map_concurrently(client.get, paths) == ['delivered'] * 12
    assert [call.path for call in client.calls].count('/auth/time') == 1
    assert client.call_count == 13 == len(client.calls)


def test_a_429_pauses_the_other_threads_too(make_client, api_server, fake_time):
    client = make_client()
    R = api_server.Reply
    # A POST is never retried, so its 429 ends the call at once: what remains is the pause it set.
    api_server.script('POST', '/1.0/order/cart', R(429, {'message': 'Too many requests'}, {'Retry-After': '5'}))
    api_server.script('GET', '/1.0/me/order/2/status', R(200, 'delivered'))
    with pytest.raises(OvhRateLimitError):
        client.post('/order/cart', body={'ovhSubsidiary': 'FR'})
    assert fake_time.sleeps == []
    other = threading.Thread(target=lambda: results.append(client.get('/me/order/2/status')))
    results = []
    other.start()
    other.join(10)
    assert results == ['delivered']
    assert fake_time.sleeps == [pytest.approx(5.0)]


def test_the_first_failure_is_raised_after_every_call_has_ended():
    finished = []
    lock = threading.Lock()

    def work(value):
        if value == 1:
            raise ValueError('one failed')
        with lock:
            finished.append(value)
        return value

    with pytest.raises(ValueError, match='one failed'):
        map_concurrently(work, range(8))
    assert sorted(finished) == [0, 2, 3, 4, 5, 6, 7]
    assert map_concurrently(lambda value: value * 2, [3, 1, 2]) == [6, 2, 4]
