# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Signed calls (one /auth/time per client), unsigned calls, and OAuth2 service accounts."""

from __future__ import annotations

import base64
import socket
from urllib.parse import parse_qsl

import pytest
import requests

from ansible_collections.ovhcloud.order.plugins.module_utils._client import OvhClient, user_agent
from ansible_collections.ovhcloud.order.plugins.module_utils._errors import (
    OvhAuthError,
    OvhConfigurationError,
    OvhInvalidResponseError,
    OvhNetworkError,
)
from ansible_collections.ovhcloud.order.plugins.module_utils._signing import sign

AK = 'test-application-key'
AS = 'test-application-secret-0123'
CK = 'test-consumer-key-4567'
CLIENT_ID = 'test-client-id'
CLIENT_SECRET = 'test-client-secret-89ab'
TOKEN_PATH = '/auth/oauth2/token'


def token_reply(api_server, token, expires_in=3599):
    return api_server.Reply(200, {'access_token': token, 'token_type': 'Bearer', 'expires_in': expires_in, 'scope': 'all'})


def test_auth_time_is_fetched_once_and_every_call_is_signed(make_client, api_server, fake_time):
    R = api_server.Reply
    api_server.script('GET', '/1.0/me', R(200, {'a': 1}), R(200, {'a': 2}))
    api_server.script('POST', '/1.0/order/cart', R(200, {'cartId': 'c1'}))
    client = make_client()
    assert client.get('/me', query={'date.from': '2026-11-01T00:00:00+00:00', 'flag': True}) == {'a': 1}
    fake_time.now += 100
    assert client.post('/order/cart', body={'ovhSubsidiary': 'FR', 'description': '\u00e9t\u00e9'}) == {'cartId': 'c1'}
    assert client.get('/me') == {'a': 2}
    assert len(api_server.requests_to('GET', '/1.0/auth/time')) == 1
    assert client.time_delta == 43 and client.call_count == 4
    first, second, third = api_server.api_requests()
    assert first.target == '/1.0/me?date.from=2026-11-01T00%3A00%3A00%2B00%3A00&flag=true'
    assert [int(r.header('X-Ovh-Timestamp')) for r in (first, second, third)] == [api_server.server_time] + [api_server.server_time + 100] * 2
    assert second.body == b'{"ovhSubsidiary":"FR","description":"\\u00e9t\\u00e9"}'
    assert second.header('Content-Type') == 'application/json'
    for received in (first, second, third):
        url = api_server.root + received.target
        expected = sign(AS, CK, received.method, url, received.body.decode(), received.header('X-Ovh-Timestamp'))
        assert received.header('X-Ovh-Signature') == expected
        assert received.header('X-Ovh-Application') == AK and received.header('X-Ovh-Consumer') == CK
        assert received.header('User-Agent') == user_agent()
        assert received.header('Authorization') is None
    assert user_agent().startswith('ovhcloud.order/0.1.0 python-requests/' + requests.__version__)


def test_unsigned_calls_send_only_the_application_key(make_client, api_server):
    R = api_server.Reply
    api_server.script('POST', '/1.0/order/cart', R(200, {'cartId': 'c1'}))
    client = make_client()
    client.post('/order/cart', body={'ovhSubsidiary': 'FR'}, auth=False)
    (received,) = api_server.received  # no /auth/time for an unsigned call
    assert received.header('X-Ovh-Application') == AK
    for name in ('X-Ovh-Consumer', 'X-Ovh-Timestamp', 'X-Ovh-Signature', 'Authorization'):
        assert received.header(name) is None


def test_a_signed_call_without_consumer_key_fails_before_any_request(make_client, make_settings, api_server):
    R = api_server.Reply
    api_server.script('POST', '/1.0/order/cart', R(200, {'cartId': 'c1'}))
    client = make_client(make_settings(api_server.base_url, application_key=AK, application_secret=AS))
    with pytest.raises(OvhConfigurationError) as caught:
        client.get('/me')
    assert caught.value.options == ('consumer_key',)
    assert 'consumer_key is not set' in str(caught.value) and 'GET /me' in str(caught.value)
    assert api_server.received == [] and client.call_count == 0
    assert client.post('/order/cart', body={'ovhSubsidiary': 'FR'}, auth=False) == {'cartId': 'c1'}


def test_each_retry_is_signed_again_with_a_fresh_timestamp(make_client, api_server, fake_time):
    R = api_server.Reply
    api_server.script('GET', '/1.0/me', R(503, {'message': 'busy'}, {'Retry-After': '5'}), R(200, 'ok'))
    make_client().get('/me')
    first, second = api_server.api_requests()
    assert int(second.header('X-Ovh-Timestamp')) - int(first.header('X-Ovh-Timestamp')) == 5
    assert first.header('X-Ovh-Signature') != second.header('X-Ovh-Signature')


def test_auth_time_is_retried_and_validated(make_client, api_server):
    R = api_server.Reply
    api_server.script('GET', '/1.0/auth/time', R(502, {'message': 'bad gateway'}), R(200, api_server.server_time))
    api_server.script('GET', '/1.0/me', R(200, 'ok'))
    client = make_client()
    assert client.get('/me') == 'ok'
    assert len(api_server.requests_to('GET', '/1.0/auth/time')) == 2

    api_server.script('GET', '/1.0/auth/time', R(200, 'not a number'))
    with pytest.raises(OvhInvalidResponseError) as caught:
        make_client().get('/me')
    assert caught.value.path == '/auth/time'


def test_v1_and_v2_paths_drop_the_1_0_suffix(make_client, api_server):
    R = api_server.Reply
    api_server.script('GET', '/v2/iam/policy', R(200, []))
    client = make_client()
    assert client.get('/v2/iam/policy') == []
    received = api_server.requests_to('GET', '/v2/iam/policy')[0]
    assert received.header('X-Ovh-Signature') == sign(AS, CK, 'GET', api_server.root + '/v2/iam/policy', '', received.header('X-Ovh-Timestamp'))


# -- OAuth2 --------------------------------------------------------------------------------------


def test_oauth2_token_is_fetched_once_and_reused(make_client, api_server):
    R = api_server.Reply
    api_server.script('POST', TOKEN_PATH, token_reply(api_server, 'token-1'))
    api_server.script('GET', '/1.0/me', R(200, 1), R(200, 2))
    api_server.script('POST', '/1.0/order/cart', R(200, {'cartId': 'c'}))
    client = make_client(oauth2=True)
    assert client.get('/me') == 1
    assert client.post('/order/cart', body={'ovhSubsidiary': 'FR'}) == {'cartId': 'c'}
    assert client.get('/me') == 2
    (token_request,) = api_server.requests_to('POST', TOKEN_PATH)
    assert dict(parse_qsl(token_request.body.decode())) == {'grant_type': 'client_credentials', 'scope': 'all'}
    assert token_request.body == b'grant_type=client_credentials&scope=all'
    assert token_request.header('Authorization') == 'Basic ' + base64.b64encode(('%s:%s' % (CLIENT_ID, CLIENT_SECRET)).encode()).decode()
    assert token_request.header('Content-Type') == 'application/x-www-form-urlencoded'
    assert token_request.header('Accept') == 'application/json'
    assert api_server.requests_to('GET', '/1.0/auth/time') == []
    for received in api_server.api_requests():
        assert received.header('Authorization') == 'Bearer token-1'
        assert all(not name.lower().startswith('x-ovh-') for name in received.headers)
    assert client.call_count == 4
    assert [c.kind for c in client.calls] == ['token', 'api', 'api', 'api']
    assert client.calls[0].path == api_server.root + TOKEN_PATH


def test_oauth2_token_is_renewed_when_it_expires(make_client, api_server, fake_time):
    R = api_server.Reply
    api_server.script('POST', TOKEN_PATH, token_reply(api_server, 'token-1', expires_in=100), token_reply(api_server, 'token-2', expires_in=100))
    api_server.script('GET', '/1.0/me', R(200, 1), R(200, 2), R(200, 3))
    client = make_client(oauth2=True)
    client.get('/me')
    fake_time.now += 60
    client.get('/me')  # still valid (100 s minus a 30 s margin)
    fake_time.now += 15
    client.get('/me')
    assert [r.header('Authorization') for r in api_server.api_requests()] == ['Bearer token-1', 'Bearer token-1', 'Bearer token-2']
    assert len(api_server.requests_to('POST', TOKEN_PATH)) == 2


def test_oauth2_token_is_refreshed_once_on_a_401(make_client, api_server):
    R = api_server.Reply
    api_server.script('POST', TOKEN_PATH, token_reply(api_server, 'token-1'), token_reply(api_server, 'token-2'), token_reply(api_server, 'token-3'))
    api_server.script('GET', '/1.0/me', R(401, {'class': 'Client::Unauthorized', 'message': 'token revoked'}), R(200, 'ok'))
    client = make_client(oauth2=True)
    assert client.get('/me') == 'ok'
    assert [r.header('Authorization') for r in api_server.api_requests()] == ['Bearer token-1', 'Bearer token-2']

    api_server.script('GET', '/1.0/me', R(401, {'class': 'Client::Unauthorized', 'message': 'nope'}, {'X-Ovh-Queryid': 'q401'}),
                      R(401, {'class': 'Client::Unauthorized', 'message': 'still nope'}, {'X-Ovh-Queryid': 'q401b'}), R(200, 'never'))
    with pytest.raises(OvhAuthError) as caught:
        client.get('/me')
    assert caught.value.status == 401 and caught.value.query_id == 'q401b' and caught.value.attempts == 2
    assert len(api_server.requests_to('POST', TOKEN_PATH)) == 3
    assert len(api_server.api_requests()) == 4


def test_oauth2_401_on_checkout_is_resent_once_with_a_new_token(make_client, api_server):
    """A 401 means the order was not looked at: resending it with a new token is not a retry."""
    R = api_server.Reply
    api_server.script('POST', TOKEN_PATH, token_reply(api_server, 'token-1'), token_reply(api_server, 'token-2'))
    api_server.script('POST', '/1.0/order/cart/abc/checkout', R(401, {'message': 'expired'}), R(200, {'orderId': 1}))
    assert make_client(oauth2=True).post('/order/cart/abc/checkout', body={}) == {'orderId': 1}
    assert len(api_server.requests_to('POST', '/1.0/order/cart/abc/checkout')) == 2


@pytest.mark.parametrize('reply,code,fragment', [
    ({'status': 401, 'body': {'error': 'invalid_client', 'error_description': 'ovhcloud oauth2 client does not exists'}},
     'invalid_client', 'OAuth2 token request refused: ovhcloud oauth2 client does not exists'),
    ({'status': 400, 'body': {'error': 'invalid_scope'}}, 'invalid_scope', 'OAuth2 token request refused: Bad Request'),
    ({'status': 503, 'raw': b'<html>down</html>'}, None, 'OAuth2 token request refused: <html>down</html>'),
    ({'status': 200, 'body': {'token_type': 'Bearer'}}, None, 'without a bearer access_token'),
    ({'status': 200, 'raw': b'not json'}, None, 'without a bearer access_token'),
    ({'status': 200, 'body': {'access_token': 'x', 'token_type': 'mac'}}, None, 'without a bearer access_token'),
])
def test_token_endpoint_failures_are_auth_errors_naming_the_token_url(make_client, api_server, fake_time, reply, code, fragment):
    R = api_server.Reply
    api_server.script('POST', TOKEN_PATH, R(**reply), token_reply(api_server, 'never-used'))
    client = make_client(oauth2=True)
    with pytest.raises(OvhAuthError) as caught:
        client.get('/me')
    error = caught.value
    assert error.path == api_server.root + TOKEN_PATH and error.method == 'POST' and error.error_code == code
    assert str(error).startswith('POST %s failed: HTTP %d' % (api_server.root + TOKEN_PATH, reply['status']))
    assert fragment in str(error)
    assert CLIENT_SECRET not in str(error) and CLIENT_SECRET not in repr(error)
    assert api_server.api_requests() == [] and fake_time.sleeps == []
    assert len(api_server.requests_to('POST', TOKEN_PATH)) == 1


def test_unreachable_token_url_is_a_network_error_naming_it(make_settings, api_server, fake_time):
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        closed_port = sock.getsockname()[1]
    token_url = 'http://127.0.0.1:%d/oauth2/token' % closed_port
    settings = make_settings(api_server.base_url, client_id=CLIENT_ID, client_secret=CLIENT_SECRET, token_url=token_url)
    client = OvhClient(settings, sleep=fake_time.sleep, monotonic=fake_time.monotonic, clock=fake_time.clock)
    with pytest.raises(OvhNetworkError) as caught:
        client.get('/me')
    assert caught.value.path == token_url and 'OAuth2 token request' in str(caught.value)
    assert caught.value.attempts == 4 and client.call_count == 4  # a GET: the attempt is retried like any other
    with pytest.raises(OvhNetworkError):
        client.post('/order/cart/abc/checkout')
    assert client.call_count == 5
    assert api_server.received == []
