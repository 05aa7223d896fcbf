# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Retries: bounded, with backoff, honouring Retry-After, and never on the checkout POST."""

from __future__ import annotations

import random
from email.utils import formatdate

import pytest

from ansible_collections.ovhcloud.order.plugins.module_utils._client import RetryPolicy, is_checkout_path
from ansible_collections.ovhcloud.order.plugins.module_utils._errors import (
    OvhBadRequestError,
    OvhNetworkError,
    OvhNotFoundError,
    OvhRateLimitError,
    OvhServerError,
    OvhTimeoutError,
)

CHECKOUT = '/1.0/order/cart/abc/checkout'
UNAVAILABLE = {'class': 'Server::ServiceUnavailable', 'message': 'Service is temporarily unavailable'}


def test_429_with_retry_after_is_waited_out_and_retried(make_client, api_server, fake_time):
    R = api_server.Reply
    api_server.script('GET', '/1.0/me', R(429, {'message': 'Too many requests'}, {'Retry-After': '7'}), R(200, {'nichandle': 'xx1-ovh'}))
    client = make_client()
    assert client.get('/me') == {'nichandle': 'xx1-ovh'}
    assert fake_time.sleeps == [7.0]
    assert [r.target for r in api_server.api_requests()] == ['/1.0/me', '/1.0/me']
    assert [(c.method, c.path, c.status, c.kind) for c in client.calls] == [
        ('GET', '/auth/time', 200, 'time'), ('GET', '/me', 429, 'api'), ('GET', '/me', 200, 'api')]
    assert client.call_count == 3


def test_retry_after_as_an_http_date(make_client, api_server, fake_time):
    R = api_server.Reply
    when = formatdate(fake_time.clock() + 12, usegmt=True)
    api_server.script('GET', '/1.0/me', R(503, UNAVAILABLE, {'Retry-After': when}), R(200, 1))
    assert make_client().get('/me') == 1
    assert len(fake_time.sleeps) == 1 and 11 <= fake_time.sleeps[0] <= 13


def test_retry_after_beyond_the_time_budget_gives_up_at_once(make_client, api_server, fake_time):
    R = api_server.Reply
    api_server.script('GET', '/1.0/me', R(429, {'message': 'Too many requests'}, {'Retry-After': '3600', 'X-Ovh-Queryid': 'q-429'}))
    client = make_client(retry=RetryPolicy(max_total_time=60))
    with pytest.raises(OvhRateLimitError) as caught:
        client.get('/me')
    assert caught.value.retry_after == 3600 and caught.value.query_id == 'q-429' and caught.value.attempts == 1
    assert fake_time.sleeps == []
    assert len(api_server.api_requests()) == 1


def test_503_on_a_get_is_retried_up_to_the_bound_then_reported(make_client, api_server, fake_time):
    R = api_server.Reply
    api_server.script('GET', '/1.0/order/cart/abc', *[R(503, UNAVAILABLE, {'X-Ovh-Queryid': 'q%d' % i}) for i in range(10)])
    client = make_client(rng=random.Random(1))
    with pytest.raises(OvhServerError) as caught:
        client.get('/order/cart/abc')
    error = caught.value
    assert error.status == 503 and error.attempts == 4 and error.query_id == 'q3'
    assert str(error) == ('GET /order/cart/abc failed: HTTP 503 Server::ServiceUnavailable: Service is temporarily unavailable '
                          '(after 4 attempts) (X-Ovh-Queryid: q3)')
    assert len(api_server.api_requests()) == 4
    assert len(fake_time.sleeps) == 3
    for number, delay in enumerate(fake_time.sleeps):
        assert 0.5 * 2 ** number <= delay <= 2 ** number  # exponential backoff with jitter


@pytest.mark.parametrize('method', ['GET', 'PUT', 'DELETE'])
@pytest.mark.parametrize('status', [500, 502, 503, 504, 429])
def test_idempotent_methods_are_retried_on_transient_statuses(make_client, api_server, method, status):
    R = api_server.Reply
    api_server.script(method, '/1.0/order/cart/abc', R(status, {'message': 'transient'}), R(200, {'ok': True}))
    client = make_client()
    assert client.request(method, '/order/cart/abc', body={'description': 'x'} if method == 'PUT' else None) == {'ok': True}
    assert len(api_server.requests_to(method, '/1.0/order/cart/abc')) == 2


@pytest.mark.parametrize('action', ['reset', 'close'])
def test_connection_errors_on_a_get_are_retried(make_client, api_server, action):
    R = api_server.Reply
    api_server.script('GET', '/1.0/me', R(action=action), R(200, 'ok'))
    assert make_client().get('/me') == 'ok'
    assert len(api_server.api_requests()) == 2


def test_timeouts_on_a_get_are_retried(make_client, api_server):
    R = api_server.Reply
    api_server.script('GET', '/1.0/me', R(200, 'late', action='hang', delay=1.0), R(200, 'ok'))
    client = make_client(timeout=0.25)
    assert client.get('/me') == 'ok'
    assert [c.status for c in client.calls if c.kind == 'api'] == [None, 200]


def test_no_retry_on_client_errors(make_client, api_server, fake_time):
    R = api_server.Reply
    api_server.script('GET', '/1.0/me', R(404, {'class': 'Client::NotFound', 'message': 'nope'}))
    api_server.script('PUT', '/1.0/me', R(400, {'class': 'Client::BadRequest', 'message': 'bad'}))
    client = make_client()
    with pytest.raises(OvhNotFoundError):
        client.get('/me')
    with pytest.raises(OvhBadRequestError):
        client.put('/me', body={})
    assert len(api_server.api_requests()) == 2 and fake_time.sleeps == []


def test_a_plain_post_is_never_retried(make_client, api_server, fake_time):
    R = api_server.Reply
    api_server.script('POST', '/1.0/order/cart', R(503, UNAVAILABLE), R(200, {'cartId': 'late'}))
    client = make_client()
    with pytest.raises(OvhServerError) as caught:
        client.post('/order/cart', body={'ovhSubsidiary': 'FR'})
    assert caught.value.attempts == 1 and str(caught.value).endswith('Service is temporarily unavailable')
    assert len(api_server.requests_to('POST', '/1.0/order/cart')) == 1 and fake_time.sleeps == []


def test_a_post_marked_safe_is_retried(make_client, api_server):
    R = api_server.Reply
    api_server.script('POST', '/1.0/order/cart/abc/assign', R(502, {'message': 'bad gateway'}), R(action='reset'), R(200, None))
    assert make_client().post('/order/cart/abc/assign', safe=True) is None
    assert len(api_server.requests_to('POST', '/1.0/order/cart/abc/assign')) == 3


def test_safe_false_disables_retries_of_a_get(make_client, api_server):
    R = api_server.Reply
    api_server.script('GET', '/1.0/me', R(503, UNAVAILABLE), R(200, 'ok'))
    with pytest.raises(OvhServerError):
        make_client().get('/me', safe=False)
    assert len(api_server.api_requests()) == 1


@pytest.mark.parametrize('reply,error', [
    ({'status': 500, 'body': {'class': 'Server::InternalServerError', 'message': 'boom'}}, OvhServerError),
    ({'status': 503, 'body': UNAVAILABLE, 'headers': {'Retry-After': '1'}}, OvhServerError),
    ({'action': 'reset'}, OvhNetworkError),
    ({'action': 'close'}, OvhNetworkError),
    ({'status': 200, 'body': {'orderId': 1}, 'action': 'hang', 'delay': 1.0}, OvhTimeoutError),
], ids=['500', '503-retry-after', 'reset', 'close', 'timeout'])
def test_checkout_post_is_sent_exactly_once(make_client, api_server, fake_time, reply, error):
    R = api_server.Reply
    api_server.script('POST', CHECKOUT, R(**reply), R(200, {'orderId': 2}), R(200, {'orderId': 3}))
    client = make_client(timeout=0.25)
    with pytest.raises(error) as caught:
        client.post('/order/cart/abc/checkout', body={'autoPayWithPreferredPaymentMethod': False, 'waiveRetractationPeriod': False})
    assert caught.value.attempts == 1
    assert len(api_server.requests_to('POST', CHECKOUT)) == 1
    assert fake_time.sleeps == []
    if error is OvhTimeoutError:
        assert 'the server may still have processed the request' in str(caught.value)


@pytest.mark.parametrize('path', [
    '/order/cart/abc/checkout', '/order/cart/abc/checkout/', '/order/cart/abc/checkout?dryRun=false', '/order/cart//abc/%63heckout',
    '/v1/order/cart/abc/checkout', '/ORDER/CART/abc/CHECKOUT', '/order/cart/' + 'a%2Fb' + '/checkout',
])
def test_safe_is_refused_on_checkout(make_client, api_server, path):
    client = make_client()
    assert is_checkout_path(path)
    with pytest.raises(ValueError, match='can never be marked safe'):
        client.post(path, body={}, safe=True)
    with pytest.raises(ValueError):
        client.request('post', path, safe=True)
    assert api_server.received == [] and client.call_count == 0


def test_checkout_is_not_retried_even_through_request(make_client, api_server):
    R = api_server.Reply
    api_server.script('POST', CHECKOUT, R(503, UNAVAILABLE), R(200, {'orderId': 2}))
    with pytest.raises(OvhServerError):
        make_client().request('POST', '/order/cart/abc/checkout', safe=None)
    assert len(api_server.requests_to('POST', CHECKOUT)) == 1


@pytest.mark.parametrize('path', ['/order/cart/abc', '/order/cart/abc/checkoutx', '/order/cart/abc/item/1/checkout', '/me/order/1/checkout'])
def test_other_paths_are_not_checkout(path):
    assert not is_checkout_path(path)


def test_get_on_checkout_is_a_normal_retried_read(make_client, api_server):
    R = api_server.Reply
    api_server.script('GET', CHECKOUT, R(500, {'message': 'x'}), R(200, {'prices': {}}))
    assert make_client().get('/order/cart/abc/checkout') == {'prices': {}}


def test_total_time_budget_bounds_the_retries(make_client, api_server, fake_time):
    R = api_server.Reply
    api_server.script('GET', '/1.0/me', *[R(503, UNAVAILABLE) for _unused in range(20)])
    client = make_client(retry=RetryPolicy(max_attempts=20, max_total_time=10, backoff_base=2, backoff_max=100), rng=random.Random(3))
    with pytest.raises(OvhServerError) as caught:
        client.get('/me')
    assert sum(fake_time.sleeps) <= 10 + 1e-6
    assert 3 <= caught.value.attempts < 20
    assert len(api_server.api_requests()) == caught.value.attempts


def test_retry_policy_validation():
    with pytest.raises(ValueError):
        RetryPolicy(max_attempts=0)
    with pytest.raises(ValueError):
        RetryPolicy(max_total_time=-1)
