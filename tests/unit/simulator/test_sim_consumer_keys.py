# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Consumer keys made as OVHcloud makes them: python-ovh's ``request_consumerkey`` (an unsigned
``POST /auth/credential`` with the application key), the validation URL, ``GET /auth/currentCredential``,
and the access rules enforced on every route with OVH's 403 ``NOT_GRANTED_CALL``."""

import ovh
import pytest
import requests

from sim_helpers import APPLICATION_KEY, control

NOT_GRANTED = {'errorCode': 'NOT_GRANTED_CALL', 'httpCode': '403 Forbidden', 'message': 'This call has not been granted'}
RULES = [{'method': 'GET', 'path': '/me'}, {'method': 'GET', 'path': '/order/cart/*'}, {'method': 'POST', 'path': '/order/cart'}]


def _new_key(make_client, sim, redirect_url=None):
    client = make_client(sim, consumer_key=None)
    answer = client.request_consumerkey(RULES, redirect_url=redirect_url)
    return client, answer


def test_a_key_works_once_validated_with_exactly_its_rules(sim, make_client):
    client, answer = _new_key(make_client, sim, redirect_url='https://example.com/done')
    assert answer['state'] == 'pendingValidation'
    assert answer['validationUrl'].startswith(sim.root + '/auth/?credentialToken=')
    assert client._consumer_key == answer['consumerKey'] and len(answer['consumerKey']) == 32
    # Before validation: only the key itself can be read.
    with pytest.raises(ovh.exceptions.InvalidCredential, match='This credential is not valid'):
        client.get('/me')
    pending = client.get('/auth/currentCredential')
    assert (pending['status'], pending['rules']) == ('pendingValidation', RULES)
    page = requests.get(answer['validationUrl'], timeout=10).json()
    assert (page['state'], page['rules'], page['redirection']) == ('pendingValidation', RULES, 'https://example.com/done')
    validated = requests.post(answer['validationUrl'], timeout=10)
    assert validated.status_code == 200 and validated.json()['state'] == 'validated'
    assert validated.json()['redirection'] == 'https://example.com/done'
    # Validated: the rules, and nothing else. /order/cart/* does not cover /order/cart itself.
    assert client.get('/me')['nichandle'] == 'sim1234-ovh'
    cart = client.post('/order/cart', ovhSubsidiary='FR')
    assert client.get('/order/cart/%s' % cart['cartId'])['cartId'] == cart['cartId']
    for method, path in (('GET', '/order/cart'), ('POST', '/order/cart/%s/assign' % cart['cartId']), ('GET', '/me/order'),
                         ('DELETE', '/order/cart/%s' % cart['cartId'])):
        with pytest.raises(ovh.exceptions.NotGrantedCall, match='This call has not been granted') as refused:
            client.call(method, path)
        assert refused.value.response.status_code == 403
        assert refused.value.response.json() == NOT_GRANTED
    current = client.get('/auth/currentCredential')
    assert (current['status'], current['rules'], current['expiration']) == ('validated', RULES, None)
    assert client.get('/auth/details')['allowedRoutes'] == RULES
    # What the API side saw: the key's requests carry its credentialId, the refused ones are 403.
    state = sim.state()
    [record] = state['credentials']
    assert (record['status'], record['rules']) == ('validated', RULES) and answer['consumerKey'] not in str(state)
    log = sim.requests()
    assert log[0]['method'] == 'POST' and log[0]['path'] == '/auth/credential' and log[0]['authentication'] == 'none'
    assert log[0]['body'] == {'accessRules': RULES, 'redirection': 'https://example.com/done', 'allowedIPs': None}
    signed = [entry for entry in log if entry['authentication'] == 'signature']
    assert {entry['credentialId'] for entry in signed} == {record['credentialId']}
    assert [entry['path'] for entry in signed if entry['status'] == 403][-4:] == [
        '/order/cart', '/order/cart/%s/assign' % cart['cartId'], '/me/order', '/order/cart/%s' % cart['cartId']]
    assert len(sim.state()['carts']) == 1


def test_refused_expired_and_unknown_requests(sim, make_client):
    client, answer = _new_key(make_client, sim)
    assert requests.post(answer['validationUrl'], json={'refuse': True}, timeout=10).json()['state'] == 'refused'
    with pytest.raises(ovh.exceptions.InvalidCredential):
        client.get('/me')
    assert requests.post(answer['validationUrl'], timeout=10).status_code == 409
    client, answer = _new_key(make_client, sim)
    assert requests.post(answer['validationUrl'], json={'validity': 3600}, timeout=10).json()['state'] == 'validated'
    assert client.get('/auth/currentCredential')['expiration'] is not None
    assert client.get('/me')['nichandle'] == 'sim1234-ovh'
    control(sim, 'POST', 'clock', {'advance': 3601})
    with pytest.raises(ovh.exceptions.InvalidCredential):
        make_client(sim, consumer_key=answer['consumerKey']).get('/me')
    assert requests.get(sim.root + '/auth/?credentialToken=nope', timeout=10).status_code == 404
    assert requests.post(answer['validationUrl'].replace('credentialToken=', 'credentialToken=x'), timeout=10).status_code == 404


def test_a_request_needs_a_known_application_key_and_valid_rules(sim, raw_api):
    url = sim.base_url + '/auth/credential'
    body = {'accessRules': RULES, 'redirection': None}
    refused = requests.post(url, json=body, headers={'X-Ovh-Application': 'unknown-key'}, timeout=10)
    assert (refused.status_code, refused.json()['errorCode']) == (403, 'INVALID_KEY')
    assert requests.post(url, json=body, timeout=10).status_code == 403
    for bad in ({'accessRules': [{'method': 'PATCH', 'path': '/me'}]}, {'accessRules': [{'method': 'GET', 'path': 'me'}]},
                {'redirection': None}, {'accessRules': RULES, 'extra': 1}):
        answer = requests.post(url, json=bad, headers={'X-Ovh-Application': APPLICATION_KEY}, timeout=10)
        assert answer.status_code == 400, (bad, answer.text)
    assert sim.state()['credentials'] == []


def test_keys_survive_a_restart_with_a_state_file(start_simulator, tmp_path, make_client):
    first = start_simulator('--state', str(tmp_path / 'state.json'))
    key = first.new_consumer_key([{'method': 'GET', 'path': '/me'}])
    first.stop()
    second = start_simulator('--state', str(tmp_path / 'state.json'))
    client = make_client(second, consumer_key=key)
    assert client.get('/me')['nichandle'] == 'sim1234-ovh'
    with pytest.raises(ovh.exceptions.NotGrantedCall):
        client.get('/me/order')
