# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The client signs and sends exactly what python-ovh 1.2 signs and sends."""

from __future__ import annotations

import random
import types

import ovh
import ovh.client
import pytest
import requests
from requests.structures import CaseInsensitiveDict

from ansible_collections.ovhcloud.order.plugins.module_utils._client import OvhClient
from ansible_collections.ovhcloud.order.plugins.module_utils._config import ENDPOINTS, resolve_settings
from ansible_collections.ovhcloud.order.plugins.module_utils._errors import OvhNotFoundError
from ansible_collections.ovhcloud.order.plugins.module_utils._signing import append_query, encode_body, encode_query, join_url, sign

# python-ovh tests/test_client.py (notes section 3.4)
V_AK = 'TDPKJdwZwAQPwKX2'
V_AS = '9ufkBmLaTQ9nz5yMUlg79taH0GNnzDjk'
V_CK = '5mBuy6SUQcRw2ZUxg0cG68BoDKpED4KY'
V_TIME = 1457018875
VECTORS = [
    ('GET', 'https://eu.api.ovh.com/1.0/auth', '', '$1$e9556054b6309771395efa467c22e627407461ad'),
    ('POST', 'https://eu.api.ovh.com/1.0/auth', '{"a":"b","c":"d"}', '$1$ec2fb5c7a81f64723c77d2e5b609ae6f58a84fc1'),
    ('PUT', 'https://eu.api.ovh.com/1.0/auth', '{"a":"b","c":"d"}', '$1$8a75a9e7c8e7296c9dbeda6a2a735eb6bd58ec4b'),
    ('DELETE', 'https://eu.api.ovh.com/1.0/auth', '', '$1$a1eecd00b3b02b6cf5708b84b9ff42059a950d85'),
    ('GET', 'https://eu.api.ovh.com/1.0/call', '', '$1$7f2db49253edfc41891023fcd1a54cf61db05fbb'),
    ('GET', 'https://eu.api.ovh.com/v1/call', '', '$1$e6e7906d385eb28adcbfbe6b66c1528a42d741ad'),
    ('GET', 'https://eu.api.ovh.com/v2/call', '', '$1$bb63b132a6f84ad5433d0c534d48d3f7c3804285'),
]
COMPARED_HEADERS = ('X-Ovh-Application', 'X-Ovh-Consumer', 'X-Ovh-Timestamp', 'X-Ovh-Signature', 'Content-Type', 'Content-Length', 'Authorization')


@pytest.mark.parametrize('method,url,body,expected', VECTORS)
def test_signature_vectors_of_python_ovh(method, url, body, expected):
    assert sign(V_AS, V_CK, method, url, body, V_TIME) == expected
    assert sign(V_AS, V_CK, method.lower(), url, body, str(V_TIME)) == expected


class CapturingTransport:
    """Stands in for ``requests.Session.send``: keeps every prepared request, answers 200.

    ``GET <base>/auth/time`` gets ``server_time``; anything else gets ``null``.
    """

    def __init__(self):
        self.sent = []
        self.server_time = V_TIME
        self.time_urls = {base + '/auth/time' for base in ENDPOINTS.values()}

    def send(self, request, **_kwargs):
        self.sent.append(request)
        response = requests.Response()
        response.status_code = 200
        response.headers = CaseInsensitiveDict({'Content-Type': 'application/json'})
        if request.method == 'GET' and request.url in self.time_urls:
            response._content = str(self.server_time).encode()
        else:
            response._content = b'null'
        response.request = request
        response.url = request.url
        return response


@pytest.fixture
def transport(monkeypatch):
    capture = CapturingTransport()
    monkeypatch.setattr(requests.Session, 'send', lambda _session, request, **kwargs: capture.send(request, **kwargs))
    for name in ('ENDPOINT', 'APPLICATION_KEY', 'APPLICATION_SECRET', 'CONSUMER_KEY', 'CLIENT_ID', 'CLIENT_SECRET'):
        monkeypatch.delenv('OVH_' + name, raising=False)
    return capture


@pytest.fixture
def local_time(monkeypatch):
    """The local time python-ovh reads (``time.time()`` inside ovh.client), set per request."""
    state = {'now': float(V_TIME)}
    monkeypatch.setattr(ovh.client, 'time', types.SimpleNamespace(time=lambda: state['now']))
    return state


@pytest.mark.parametrize('method,url,body,expected', VECTORS)
def test_signature_vectors_through_the_client(transport, isolated, method, url, body, expected):
    settings = resolve_settings(endpoint='ovh-eu', application_key=V_AK, application_secret=V_AS, consumer_key=V_CK, **isolated)
    client = OvhClient(settings, clock=lambda: V_TIME + 0.9)
    path = url.replace('https://eu.api.ovh.com/1.0', '').replace('https://eu.api.ovh.com', '')
    client.request(method, path, body={'a': 'b', 'c': 'd'} if body else None)
    sent = transport.sent[-1]
    assert sent.url == url
    assert sent.headers['X-Ovh-Signature'] == expected
    assert sent.headers['X-Ovh-Timestamp'] == str(V_TIME)
    assert sent.headers['X-Ovh-Application'] == V_AK
    assert sent.headers['X-Ovh-Consumer'] == V_CK
    assert (sent.body or b'') == body.encode()
    assert [r.url for r in transport.sent].count('https://eu.api.ovh.com/1.0/auth/time') == 1


# -- random requests, compared with python-ovh ------------------------------------------------------------
TEXT_CHARS = 'abcXYZ019-_.~ %+&=/:@!$\'()*,;"\\\u00e9\u00e8\u00e0\u00e7\u00df\u00f8\u00e6\u65e5\u672c\u8a9e\u20ac\U0001f600\u00a0\t'
KEY_CHARS = 'abcdefghijklmnopqrstuvwxyzABCXYZ0123456789'


def _text(rng, chars=TEXT_CHARS, low=0, high=12):
    return ''.join(rng.choice(chars) for _unused in range(rng.randint(low, high)))


def _path(rng):
    segments = [_text(rng, TEXT_CHARS.replace('/', '').replace('?', '') + '?#', 1, 10) for _unused in range(rng.randint(1, 4))]
    prefix = rng.choice(['', '', '', '/v1', '/v2'])
    return prefix + '/' + '/'.join(segments)


def _scalar(rng):
    return rng.choice([
        lambda: _text(rng),
        lambda: rng.randint(-10 ** 12, 10 ** 12),
        lambda: rng.uniform(-1e6, 1e6),
        lambda: rng.choice([True, False]),
        lambda: None,
    ])()


def _json_value(rng, depth=0):
    if depth < 3 and rng.random() < 0.3:
        if rng.random() < 0.5:
            return [_json_value(rng, depth + 1) for _unused in range(rng.randint(0, 4))]
        return {_key(rng, unicode=True): _json_value(rng, depth + 1) for _unused in range(rng.randint(0, 4))}
    return _scalar(rng)


def _key(rng, unicode=False):
    key = rng.choice('abcdefghxyz') + _text(rng, KEY_CHARS + ('.\u00e9\u65e5' if unicode else '.'), 0, 8)
    return key


def random_case(rng):
    method = rng.choice(['GET', 'POST', 'PUT', 'DELETE'])
    case = {
        'method': method,
        'endpoint': rng.choice(sorted(ENDPOINTS)),
        'path': _path(rng),
        'auth': rng.random() < 0.85,
        'application_key': _text(rng, KEY_CHARS, 8, 32),
        'application_secret': _text(rng, KEY_CHARS + '\u00e9\u20ac+', 8, 32),
        'consumer_key': _text(rng, KEY_CHARS, 8, 32),
        'local_time': rng.uniform(1.4e9, 1.9e9),
        'server_time': rng.randint(1_400_000_000, 1_900_000_000),
        'params': {},
    }
    for _unused in range(rng.choice([0, 0, 1, 2, 3, 5])):
        case['params'][_key(rng, unicode=method in ('POST', 'PUT'))] = _json_value(rng) if method in ('POST', 'PUT') else _scalar(rng)
    return case


def _session():
    session = requests.Session()
    session.trust_env = False  # skips the proxy lookups in os.environ, which only cost time here
    return session


def send_with_python_ovh(case, transport, local_time, endpoint=None, session=None):
    local_time['now'] = case['local_time']
    transport.server_time = case['server_time']
    client = ovh.Client(endpoint=endpoint or case['endpoint'], application_key=case['application_key'],
                        application_secret=case['application_secret'], consumer_key=case['consumer_key'])
    client._session = session or _session()
    getattr(client, case['method'].lower())(case['path'], _need_auth=case['auth'], **case['params'])


def send_with_our_client(case, transport, isolated, endpoint=None, session=None):
    transport.server_time = case['server_time']
    settings = resolve_settings(endpoint=endpoint or case['endpoint'], application_key=case['application_key'],
                                application_secret=case['application_secret'], consumer_key=case['consumer_key'], **isolated)
    client = OvhClient(settings, clock=lambda: case['local_time'], session=session or _session())
    params = case['params'] or None
    try:
        if case['method'] in ('POST', 'PUT'):
            client.request(case['method'], case['path'], body=params, auth=case['auth'])
        else:
            client.request(case['method'], case['path'], query=params, auth=case['auth'])
    finally:
        if session is None:
            client.close()


def _wire_body(request):
    body = request.body
    if body is None:
        return b''
    return body.encode('latin-1') if isinstance(body, str) else body


def test_1000_random_requests_match_python_ovh(transport, local_time, isolated):
    rng = random.Random(20260101)
    session = _session()  # one session for both (each library adds its own headers per request)
    signed = 0
    for number in range(1000):
        case = random_case(rng)
        send_with_python_ovh(case, transport, local_time, session=session)
        theirs = transport.sent[-1]
        send_with_our_client(case, transport, isolated, session=session)
        ours = transport.sent[-1]
        context = 'case %d: %r' % (number, case)
        assert ours.method == theirs.method, context
        assert ours.url == theirs.url, context
        assert _wire_body(ours) == _wire_body(theirs), context
        for name in COMPARED_HEADERS:
            assert ours.headers.get(name) == theirs.headers.get(name), '%s: %s' % (name, context)
        if case['auth']:
            signed += 1
            assert ours.headers['X-Ovh-Timestamp'] == str(case['server_time']), context
            assert ours.headers['X-Ovh-Signature'].startswith('$1$'), context
        else:
            assert 'X-Ovh-Signature' not in ours.headers, context
    assert signed > 700


def test_random_requests_on_the_wire_match_python_ovh(api_server, monkeypatch, local_time, isolated):
    """Both libraries talk to a real HTTP server: the request line, body and headers it receives are the same."""
    for name in ('ENDPOINT', 'APPLICATION_KEY', 'APPLICATION_SECRET', 'CONSUMER_KEY', 'CLIENT_ID', 'CLIENT_SECRET'):
        monkeypatch.delenv('OVH_' + name, raising=False)
    monkeypatch.setitem(ovh.client.ENDPOINTS, 'local-test', api_server.base_url)

    unused = types.SimpleNamespace(server_time=None)  # the server answers /auth/time itself
    rng = random.Random(7)
    for number in range(60):
        case = random_case(rng)
        api_server.server_time = case['server_time']
        before = len(api_server.received)
        # Nothing is scripted: every API path gets a 404, which both libraries raise.
        with pytest.raises(ovh.exceptions.ResourceNotFoundError):
            send_with_python_ovh(case, unused, local_time, endpoint='local-test')
        theirs = api_server.received[-1]
        with pytest.raises(OvhNotFoundError):
            send_with_our_client(case, unused, isolated, endpoint=api_server.base_url)
        ours = api_server.received[-1]
        assert len(api_server.received) - before == 2 + 2 * case['auth']  # one /auth/time each when signed
        context = 'case %d: %r' % (number, case)
        assert (ours.method, ours.target, ours.body) == (theirs.method, theirs.target, theirs.body), context
        for name in COMPARED_HEADERS:
            assert ours.header(name) == theirs.header(name), '%s: %s' % (name, context)


def test_query_and_body_encoding_match_python_ovh():
    client = ovh.Client(endpoint='ovh-eu', application_key='a', application_secret='b', consumer_key='c')
    query = {'date.from': '2026-11-01T00:00:00+00:00', 'flag': True, 'off': False, 'none': None, 'n': 3, 'text': 'a b+c/\u00e9'}
    assert encode_query(query) == client._prepare_query_string(query)
    assert encode_query(query) == 'date.from=2026-11-01T00%3A00%3A00%2B00%3A00&flag=true&off=false&none=null&n=3&text=a+b%2Bc%2F%C3%A9'
    assert encode_query(list(query.items())) == encode_query(query)
    assert encode_query(None) == encode_query({}) == ''
    assert encode_body({'ovhSubsidiary': 'FR', 'name': '\u00e9t\u00e9'}) == '{"ovhSubsidiary":"FR","name":"\\u00e9t\\u00e9"}'
    assert encode_body(None) == ''
    assert encode_body({}) == '{}'
    assert append_query('/me/order?x=1', 'y=2') == '/me/order?x=1&y=2'
    assert append_query('/me/order', '') == '/me/order'


@pytest.mark.parametrize('base,path,expected', [
    ('https://eu.api.ovh.com/1.0', '/me', 'https://eu.api.ovh.com/1.0/me'),
    ('https://eu.api.ovh.com/1.0', '/v1/me', 'https://eu.api.ovh.com/v1/me'),
    ('https://eu.api.ovh.com/1.0', '/v2/iam/policy', 'https://eu.api.ovh.com/v2/iam/policy'),
    ('http://127.0.0.1:40123/1.0', '/v2/x', 'http://127.0.0.1:40123/v2/x'),
    ('http://127.0.0.1:40123/api', '/v2/x', 'http://127.0.0.1:40123/api/v2/x'),
])
def test_v1_v2_prefixes_replace_the_1_0_suffix(base, path, expected):
    assert join_url(base, path) == expected
    pyovh = ovh.Client(endpoint='ovh-eu', application_key='a', application_secret='b', consumer_key='c')
    pyovh._endpoint = base
    assert pyovh._get_target(path) == expected
