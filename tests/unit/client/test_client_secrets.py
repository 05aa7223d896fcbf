# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""No failure ever shows a secret: not in the exception text, its repr, its chained causes, its
traceback, nor anything logged (all loggers at DEBUG, urllib3's included)."""

from __future__ import annotations

import base64
import logging
import socket
import traceback

import pytest

from ansible_collections.ovhcloud.order.plugins.module_utils._client import OvhClient, RetryPolicy
from ansible_collections.ovhcloud.order.plugins.module_utils._config import resolve_settings
from ansible_collections.ovhcloud.order.plugins.module_utils._errors import (
    OvhApiError,
    OvhAuthError,
    OvhBadRequestError,
    OvhConfigurationError,
    OvhError,
    OvhNetworkError,
    OvhTimeoutError,
)

AK = 'leakcheck-application-key'
AS = 'LEAK-application-secret-7f3a9c'
CK = 'LEAK-consumer-key-d81e22'
CLIENT_ID = 'leakcheck-client-id'
CLIENT_SECRET = 'LEAK-client-secret-55b0e1'
ACCESS_TOKEN = 'LEAK-access-token-9a8b7c'
BASIC = base64.b64encode(('%s:%s' % (CLIENT_ID, CLIENT_SECRET)).encode()).decode()
SECRETS = (AS, CK, CLIENT_SECRET, ACCESS_TOKEN, BASIC)


def exception_texts(error: BaseException) -> list:
    texts = [''.join(traceback.format_exception(type(error), error, error.__traceback__))]
    seen = set()
    current = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        texts.extend([str(current), repr(current), repr(current.args), repr(vars(current))])
        if hasattr(current, 'to_dict'):
            texts.append(repr(current.to_dict()))
        current = current.__cause__ or current.__context__
    return texts


def assert_clean(error: BaseException, caplog, extra_secrets=()):
    # Nothing from requests/urllib3 (whose exceptions hold the prepared request and its headers) is chained.
    assert error.__cause__ is None and error.__context__ is None, repr(error.__cause__ or error.__context__)
    texts = exception_texts(error)
    texts.append(caplog.text)
    texts.extend(record.getMessage() + repr(record.args) for record in caplog.records)
    for text in texts:
        for secret in SECRETS + tuple(extra_secrets):
            assert secret not in text, 'secret %r leaked in %r' % (secret[:8], text[:300])


@pytest.fixture
def debug_logs(caplog):
    caplog.set_level(logging.DEBUG)
    for name in ('urllib3', 'urllib3.connectionpool', 'requests', 'ovhcloud.order.client'):
        caplog.set_level(logging.DEBUG, logger=name)
    return caplog


@pytest.fixture
def app_client(make_client, make_settings, api_server):
    return make_client(make_settings(api_server.base_url, application_key=AK, application_secret=AS, consumer_key=CK))


@pytest.fixture
def oauth_client(make_client, make_settings, api_server):
    return make_client(make_settings(api_server.base_url, client_id=CLIENT_ID, client_secret=CLIENT_SECRET))


def signatures(api_server) -> list:
    return [r.header('X-Ovh-Signature') for r in api_server.received if r.header('X-Ovh-Signature')]


def test_api_errors_never_show_secrets_even_when_the_server_echoes_them(app_client, api_server, debug_logs):
    R = api_server.Reply
    api_server.script('POST', '/1.0/order/cart/abc/checkout', R(400, {
        'class': 'Client::BadRequest', 'message': 'Invalid signature for consumer %s' % CK,
        'details': {'consumerKey': CK, 'nested': [{'secret': AS}]}}, {'X-Ovh-Queryid': 'q1'}))
    with pytest.raises(OvhBadRequestError) as caught:
        app_client.post('/order/cart/abc/checkout', body={'autoPayWithPreferredPaymentMethod': True})
    assert '<redacted>' in str(caught.value) and caught.value.details == {'consumerKey': '<redacted>', 'nested': [{'secret': '<redacted>'}]}
    assert debug_logs.records, 'the DEBUG logging was not captured'
    assert_clean(caught.value, debug_logs, signatures(api_server))


def test_server_errors_after_retries(app_client, api_server, debug_logs):
    R = api_server.Reply
    api_server.script('GET', '/1.0/me', *[R(503, {'message': 'down'}) for _unused in range(4)])
    with pytest.raises(OvhApiError) as caught:
        app_client.get('/me')
    assert_clean(caught.value, debug_logs, signatures(api_server))


def test_network_errors(make_settings, fake_time, debug_logs):
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        port = sock.getsockname()[1]
    settings = make_settings('http://127.0.0.1:%d/1.0' % port, application_key=AK, application_secret=AS, consumer_key=CK)
    client = OvhClient(settings, sleep=fake_time.sleep, monotonic=fake_time.monotonic, clock=fake_time.clock, timeout=2)
    with pytest.raises(OvhNetworkError) as caught:
        client.get('/me')  # fails on /auth/time, retried
    assert_clean(caught.value, debug_logs)
    client._time_delta = 0  # as if /auth/time had worked: now the signed request itself fails
    with pytest.raises(OvhNetworkError) as caught:
        client.post('/order/cart/abc/checkout', body={'x': CK})
    assert_clean(caught.value, debug_logs)


def test_timeouts(app_client, api_server, debug_logs):
    R = api_server.Reply
    api_server.script('POST', '/1.0/order/cart/abc/checkout', R(200, {}, action='hang', delay=1.0))
    app_client.timeout = 0.2
    with pytest.raises(OvhTimeoutError) as caught:
        app_client.post('/order/cart/abc/checkout', body={})
    assert_clean(caught.value, debug_logs, signatures(api_server))


def test_token_failures(oauth_client, api_server, debug_logs):
    R = api_server.Reply
    api_server.script('POST', '/auth/oauth2/token', R(401, {'error': 'invalid_client', 'error_description': 'bad secret %s' % CLIENT_SECRET}))
    with pytest.raises(OvhAuthError) as caught:
        oauth_client.get('/me')
    assert_clean(caught.value, debug_logs)


def test_api_errors_with_a_bearer_token(oauth_client, api_server, debug_logs):
    R = api_server.Reply
    api_server.script('POST', '/auth/oauth2/token', R(200, {'access_token': ACCESS_TOKEN, 'token_type': 'Bearer', 'expires_in': 3600}))
    api_server.script('GET', '/1.0/me', R(403, {'class': 'Client::Forbidden', 'message': 'token %s not granted' % ACCESS_TOKEN}))
    with pytest.raises(OvhAuthError) as caught:
        oauth_client.get('/me')
    assert api_server.requests_to('GET', '/1.0/me')[0].header('Authorization') == 'Bearer ' + ACCESS_TOKEN
    assert_clean(caught.value, debug_logs)


def test_token_endpoint_unreachable(make_settings, api_server, fake_time, debug_logs):
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        port = sock.getsockname()[1]
    settings = make_settings(api_server.base_url, client_id=CLIENT_ID, client_secret=CLIENT_SECRET, token_url='http://127.0.0.1:%d/t' % port)
    client = OvhClient(settings, sleep=fake_time.sleep, monotonic=fake_time.monotonic, clock=fake_time.clock, retry=RetryPolicy(max_attempts=2))
    with pytest.raises(OvhNetworkError) as caught:
        client.get('/me')
    assert_clean(caught.value, debug_logs)


@pytest.mark.parametrize('arguments', [
    {'endpoint': 'ovh-eu', 'application_secret': AS, 'consumer_key': CK},
    {'endpoint': 'ovh-eu', 'application_key': AK, 'consumer_key': CK},
    {'endpoint': 'ovh-eu', 'client_secret': CLIENT_SECRET},
    {'endpoint': 'ovh-eu', 'application_key': AK, 'application_secret': AS, 'consumer_key': CK, 'client_id': CLIENT_ID, 'client_secret': CLIENT_SECRET},
    {'endpoint': 'kimsufi-eu', 'client_id': CLIENT_ID, 'client_secret': CLIENT_SECRET},
    {'endpoint': 'nowhere', 'application_key': AK, 'application_secret': AS, 'consumer_key': CK},
    {'application_key': AK, 'application_secret': AS, 'consumer_key': CK},
    {'endpoint': 'https://user:%s@api.example.test/1.0' % CLIENT_SECRET, 'application_key': AK, 'application_secret': AS},
    {'endpoint': 'ovh-eu', 'client_id': CLIENT_ID, 'client_secret': CLIENT_SECRET, 'token_url': 'https://u:%s@t.test/x' % AS},
])
def test_configuration_errors(isolated, debug_logs, arguments):
    with pytest.raises(OvhConfigurationError) as caught:
        resolve_settings(**arguments, **isolated)
    assert_clean(caught.value, debug_logs)


def test_signed_call_without_consumer_key(make_client, make_settings, api_server, debug_logs):
    client = make_client(make_settings(api_server.base_url, application_key=AK, application_secret=AS))
    with pytest.raises(OvhConfigurationError) as caught:
        client.get('/me')
    assert_clean(caught.value, debug_logs)


def test_invalid_json_success(app_client, api_server, debug_logs):
    R = api_server.Reply
    api_server.script('GET', '/1.0/domain/example.com/authInfo', R(200, raw=('{"authInfo": "%s"' % CK).encode()))
    with pytest.raises(OvhError) as caught:
        app_client.get('/domain/example.com/authInfo')
    assert_clean(caught.value, debug_logs, signatures(api_server))


def test_settings_and_client_reprs(app_client, oauth_client):
    for text in (repr(app_client.settings), repr(oauth_client.settings), str(app_client.settings)):
        for secret in SECRETS:
            assert secret not in text
