# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Authentication: signatures as python-ovh computes them, OVH's auth-layer errors, OAuth2."""

import ovh
import pytest
import requests

from sim_helpers import APPLICATION_SECRET, CLIENT_ID, CLIENT_SECRET, READONLY_CONSUMER_KEY, control


def _error(response):
    assert response.headers['X-Ovh-Queryid'].startswith('SIM.ws-1.')
    return response.status_code, response.json()


def test_python_ovh_signatures_are_accepted_on_both_prefixes(sim, client):
    assert client.get('/me')['nichandle'] == 'sim1234-ovh'
    assert client.get('/v1/me')['nichandle'] == 'sim1234-ovh'
    # the query string (quote_plus encoded) and a body with escaped non-ASCII text are part of the signature
    cart = client.post('/order/cart', ovhSubsidiary='FR', description='caf\u00e9 a+b c')
    client.post('/order/cart/%s/assign' % cart['cartId'])
    assert client.get('/order/cart', description='caf\u00e9 a+b c') == [cart['cartId']]
    entries = sim.requests()
    assert entries[-1]['query'] == {'description': 'caf\u00e9 a+b c'} and entries[-1]['authentication'] == 'signature'


def test_raw_utf8_body_signature(raw_api):
    response = raw_api.call('POST', '/order/cart', body='{"ovhSubsidiary":"FR","description":"\u00e9t\u00e9"}')
    assert response.status_code == 200 and response.json()['description'] == '\u00e9t\u00e9'


def test_bad_signature(sim, raw_api, make_client):
    status, body = _error(raw_api.call('GET', '/me', secret='not-the-secret'))
    assert (status, body) == (400, {'errorCode': 'INVALID_SIGNATURE', 'httpCode': '400 Bad Request', 'message': 'Invalid signature'})
    client = make_client(sim, application_secret='not-the-secret')
    with pytest.raises(ovh.exceptions.BadParametersError, match='Invalid signature') as error:
        client.get('/me')
    assert error.value.query_id.startswith('SIM.ws-1.')
    # the signature covers the body: a body changed after signing is refused
    response = raw_api.call('POST', '/order/cart', body={'ovhSubsidiary': 'FR'},
                            headers={'X-Ovh-Signature': '$1$' + '0' * 40})
    assert _error(response)[1]['errorCode'] == 'INVALID_SIGNATURE'


def test_unknown_application_key(raw_api):
    status, body = _error(raw_api.call('GET', '/me', application_key='unknown-key'))
    assert (status, body) == (403, {'errorCode': 'INVALID_KEY', 'httpCode': '403 Forbidden', 'message': 'This application key is invalid'})


def test_unknown_consumer_key(sim, raw_api, make_client):
    status, body = _error(raw_api.call('GET', '/me', consumer_key='unknown-consumer-key'))
    assert (status, body) == (403, {'errorCode': 'NOT_CREDENTIAL', 'httpCode': '403 Forbidden', 'message': 'This credential does not exist'})
    with pytest.raises(ovh.exceptions.NotCredential):
        make_client(sim, consumer_key='unknown-consumer-key').get('/me')


def test_read_only_consumer_key(sim, make_client):
    reader = make_client(sim, consumer_key=READONLY_CONSUMER_KEY)
    assert reader.get('/me')['nichandle'] == 'sim1234-ovh'
    assert reader.get('/auth/details')['allowedRoutes'] == [{'method': 'GET', 'path': '/*'}]
    credential = reader.get('/auth/currentCredential')
    assert credential['rules'] == [{'method': 'GET', 'path': '/*'}] and credential['status'] == 'validated'
    with pytest.raises(ovh.exceptions.NotGrantedCall, match='This call has not been granted') as error:
        reader.post('/order/cart', ovhSubsidiary='FR')
    assert error.value.response.status_code == 403
    assert error.value.response.json()['errorCode'] == 'NOT_GRANTED_CALL'
    assert sim.state()['carts'] == []


def test_missing_credentials_and_public_routes(raw_api):
    status, body = _error(raw_api.call('GET', '/me', signed=False, application_key=None))
    assert (status, body) == (401, {'class': 'Client::Unauthorized', 'message': 'You must login first'})
    status, body = _error(raw_api.call('GET', '/me', signed=False))
    assert status == 401
    created = raw_api.call('POST', '/order/cart', body={'ovhSubsidiary': 'FR'}, signed=False, application_key=None)
    assert created.status_code == 200
    cart_id = created.json()['cartId']
    assert raw_api.call('GET', '/order/cart/%s' % cart_id, signed=False).status_code == 200
    # a public route still checks the credentials it is given
    assert raw_api.call('GET', '/order/cart/%s' % cart_id, secret='wrong').status_code == 400
    assert raw_api.call('POST', '/order/cart/%s/assign' % cart_id, signed=False).status_code == 401


def test_timestamp_out_of_the_window(sim, raw_api, make_client):
    status, body = _error(raw_api.call('GET', '/me', timestamp=raw_api.server_time() - 1000))
    assert status == 400 and body['errorCode'] == 'QUERY_TIME_OUT'
    assert raw_api.call('GET', '/me', timestamp=raw_api.server_time() - 200).status_code == 200
    stale = make_client(sim)
    stale.get('/me')  # computes its clock delta once
    control(sim, 'POST', 'clock', {'advance': 3600})
    with pytest.raises(ovh.exceptions.BadParametersError, match='Query out of time'):
        stale.get('/me')
    assert make_client(sim).get('/me')['nichandle'] == 'sim1234-ovh'


def test_oauth2_client_credentials(sim, make_client):
    token_url = sim.root + '/auth/oauth2/token'
    response = requests.post(token_url, data={'grant_type': 'client_credentials', 'scope': 'all'}, auth=(CLIENT_ID, CLIENT_SECRET), timeout=10)
    assert response.status_code == 200
    token = response.json()
    assert set(token) == {'access_token', 'token_type', 'expires_in', 'scope'}
    assert (token['token_type'], token['expires_in'], token['scope']) == ('Bearer', 3600, 'all')
    form = requests.post(token_url, data={'grant_type': 'client_credentials', 'client_id': CLIENT_ID, 'client_secret': CLIENT_SECRET},
                         timeout=10)
    assert form.status_code == 200
    me = requests.get(sim.base_url + '/me', headers={'Authorization': 'Bearer ' + token['access_token']}, timeout=10)
    assert me.status_code == 200 and me.json()['nichandle'] == 'sim1234-ovh'
    details = requests.get(sim.base_url + '/auth/details', headers={'Authorization': 'Bearer ' + token['access_token']}, timeout=10)
    assert details.json()['method'] == 'oauth2_client_credentials'

    refused = requests.post(token_url, data={'grant_type': 'client_credentials'}, auth=(CLIENT_ID, 'wrong'), timeout=10)
    assert refused.status_code == 401 and refused.json()['error'] == 'invalid_client' and refused.json()['error_description']
    unknown = requests.post(token_url, data={'grant_type': 'client_credentials', 'client_id': 'nobody', 'client_secret': 'x'}, timeout=10)
    assert unknown.status_code == 401
    assert requests.post(token_url, data={'grant_type': 'password'}, auth=(CLIENT_ID, CLIENT_SECRET), timeout=10).status_code == 400
    invalid = requests.get(sim.base_url + '/me', headers={'Authorization': 'Bearer not-a-token'}, timeout=10)
    assert invalid.status_code == 401 and invalid.headers['X-Ovh-Queryid']

    # python-ovh's OAuth2 mode (requests-oauthlib, HTTP Basic client authentication)
    oauth_client = make_client(sim, oauth2=True)
    assert oauth_client.get('/me')['nichandle'] == 'sim1234-ovh'
    assert oauth_client.get('/auth/details')['identities'] == ['urn:v1:eu:identity:credential:sim1234-ovh/oauth2-sim-client-id']
    cart = oauth_client.post('/order/cart', ovhSubsidiary='FR')
    assert oauth_client.post('/order/cart/%s/assign' % cart['cartId']) is None

    token_entries = [entry for entry in sim.requests() if entry['path'] == '/auth/oauth2/token']
    assert len(token_entries) == 6
    assert [entry['status'] for entry in token_entries] == [200, 200, 401, 401, 400, 200]
    for entry in token_entries:
        assert 'client_secret' not in (entry['body'] or {})
        assert CLIENT_SECRET not in str(entry) and APPLICATION_SECRET not in str(entry)
    assert all('headers' not in entry for entry in sim.requests())


def test_oauth2_token_expiry(sim, start_simulator):
    short = start_simulator('--token-ttl', '30')
    token = requests.post(short.root + '/auth/oauth2/token', data={'grant_type': 'client_credentials'},
                          auth=(CLIENT_ID, CLIENT_SECRET), timeout=10).json()
    assert token['expires_in'] == 30
    headers = {'Authorization': 'Bearer ' + token['access_token']}
    assert requests.get(short.base_url + '/me', headers=headers, timeout=10).status_code == 200
    control(short, 'POST', 'clock', {'advance': 31})
    expired = requests.get(short.base_url + '/me', headers=headers, timeout=10)
    assert expired.status_code == 401 and 'expired' in expired.json()['message']
