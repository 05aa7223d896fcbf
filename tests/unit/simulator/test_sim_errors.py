# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The failures a domain order can meet, answered with OVH's status and error shape."""

import ovh
import pytest

from sim_helpers import add_domain, configure, control, new_cart


def api_error(call, *args, **kwargs):
    """``(status, body)`` of a python-ovh call that must fail."""
    with pytest.raises(ovh.exceptions.APIError) as error:
        call(*args, **kwargs)
    response = error.value.response
    assert response.headers['X-Ovh-Queryid'] == error.value.query_id
    return response.status_code, response.json()


def test_expired_cart_disappears(sim, client, make_client):
    cart_id = new_cart(client)
    assert client.get('/order/cart') == [cart_id]
    control(sim, 'POST', 'clock', {'advance': 86400 + 1})
    later = make_client(sim)  # a new client computes its clock delta again
    status, body = api_error(later.get, '/order/cart/%s' % cart_id)
    assert status == 404 and body == {'class': 'Client::NotFound', 'message': 'The requested object (cartId = %s) does not exist' % cart_id}
    assert later.get('/order/cart') == []
    assert api_error(later.post, '/order/cart/%s/domain' % cart_id, domain='late.com')[0] == 404


def test_cart_expire_can_be_set_and_changed(sim, client, make_client):
    cart = client.post('/order/cart', ovhSubsidiary='FR', expire='2099-01-01T00:00:00+00:00')
    assert cart['expire'] == '2099-01-01T00:00:00+00:00'
    updated = client.put('/order/cart/%s' % cart['cartId'], description='renamed', expire='2098-06-01T12:00:00Z')
    assert (updated['description'], updated['expire']) == ('renamed', '2098-06-01T12:00:00+00:00')
    status, body = api_error(client.put, '/order/cart/%s' % cart['cartId'], expire='2001-01-01T00:00:00+00:00')
    assert status == 400 and 'future' in body['message']


def test_second_checkout_and_read_only_cart(sim, client):
    cart_id = new_cart(client)
    item = add_domain(client, cart_id, 'once-only.com')
    order = client.post('/order/cart/%s/checkout' % cart_id)
    status, body = api_error(client.post, '/order/cart/%s/checkout' % cart_id)
    assert status == 400 and body['class'] == 'Client::BadRequest' and 'already been checked out' in body['message']
    assert api_error(client.get, '/order/cart/%s/checkout' % cart_id)[0] == 400
    assert api_error(client.post, '/order/cart/%s/domain' % cart_id, domain='more.com')[0] == 400
    assert api_error(configure, client, cart_id, item['itemId'], 'DNS', 'a.example.net')[0] == 400
    assert api_error(client.delete, '/order/cart/%s/item/%d' % (cart_id, item['itemId']))[0] == 400
    assert client.get('/me/order') == [order['orderId']]


def test_checkout_needs_an_assigned_non_empty_cart(sim, client):
    cart_id = new_cart(client, assign=False)
    add_domain(client, cart_id, 'not-assigned.com')
    for call in (client.get, client.post):
        status, body = api_error(call, '/order/cart/%s/checkout' % cart_id)
        assert (status, body) == (403, {'class': 'Client::Forbidden', 'message': 'You are not allowed'})
    empty = new_cart(client)
    status, body = api_error(client.get, '/order/cart/%s/checkout' % empty)
    assert status == 400 and 'empty' in body['message']


def test_missing_and_wrong_auth_info(sim, client):
    cart_id = new_cart(client)
    item = add_domain(client, cart_id, 'taken-elsewhere.net')
    status, body = api_error(client.get, '/order/cart/%s/checkout' % cart_id)
    assert status == 400 and 'AUTH_INFO' in body['message'] and body['details']['missing'] == 'AUTH_INFO'
    configure(client, cart_id, item['itemId'], 'AUTH_INFO', 'my-wrong-code-123')
    for call in (client.get, client.post):
        status, body = api_error(call, '/order/cart/%s/checkout' % cart_id)
        assert status == 400 and 'AUTH_INFO' in body['message'] and 'my-wrong-code-123' not in str(body)
    assert client.get('/me/order') == [] and client.get('/order/cart/%s' % cart_id)['readOnly'] is False


def test_berlin_owner_outside_berlin(sim, client):
    cart_id = new_cart(client)
    item = add_domain(client, cart_id, 'currywurst.berlin')
    configure(client, cart_id, item['itemId'], 'ACCEPT_CONDITIONS', 'true')
    for call in (client.get, client.post):  # the account's own address (Paris) is the default owner
        status, body = api_error(call, '/order/cart/%s/checkout' % cart_id)
        assert status == 400 and body['class'] == 'Client::BadRequest::DOMDOCRuleNotRespected'
        assert body['message'] == '1 constraints of rules are not respected'
        assert body['details']['_message'] == 'Input data does not respect the rule'
        assert body['details']['owner.address.city'] == 'Field "city" must be Berlin'
        assert {'_date', '_id'} <= set(body['details'])
    check = '/domain/configurationRule/check?action=create&domain=currywurst.berlin'
    owner = {'firstName': 'P', 'lastName': 'M', 'email': 'p@example.org', 'legalForm': 'individual',
             'address': {'line1': '1 rue', 'city': 'Paris', 'zip': '75001', 'country': 'FR'}}
    status, body = api_error(client.post, check, owner=owner)
    assert status == 400 and body['details']['owner.address.city'] == 'Field "city" must be Berlin'
    assert body['details']['extras.acceptCondition'] == 'Field "acceptCondition" should be true'
    status, body = api_error(client.post, '/domain/configurationRule/check?action=create&domain=x.com', owner={'legalForm': 'corporation'})
    assert {'owner.email', 'owner.address.city', 'owner.organisationName'} <= set(body['details'])
    rule = client.get('/domain/configurationRule', action='transfer', domain='taken-x.com')
    assert 'AUTH_INFO' in [part['label'] for part in rule['and']]
    status, body = api_error(client.post, '/domain/configurationRule/check?action=transfer&domain=taken-x.com', owner=owner)
    assert list(body['details'])[3:] == ['domain.authInfo']
    assert client.post('/domain/configurationRule/check?action=transfer&domain=taken-x.com', owner=owner,
                       domain={'authInfo': 'anything'}) is None


def test_eligibility_of_eu_and_legal_age(sim, client):
    contact = client.post('/domain/contact', firstName='Joe', lastName='Doe', email='joe@example.com', legalForm='individual',
                          address={'line1': '1 Main St', 'city': 'Boston', 'zip': '02101', 'country': 'US'})
    cart_id = new_cart(client)
    item = add_domain(client, cart_id, 'outside.eu', legal_age=False)
    configure(client, cart_id, item['itemId'], 'OWNER_LEGAL_AGE', 'false')
    configure(client, cart_id, item['itemId'], 'OWNER_CONTACT', '/domain/contact/%d' % contact['id'])
    status, body = api_error(client.get, '/order/cart/%s/checkout' % cart_id)
    assert status == 400 and body['message'] == '2 constraints of rules are not respected'
    assert body['details']['OWNER_LEGAL_AGE'] == 'Field "OWNER_LEGAL_AGE" should be true'
    assert 'European Economic Area' in body['details']['owner.address.country']


def test_reserved_unknown_and_malformed_names(sim, client):
    cart_id = new_cart(client)
    reserved = client.get('/order/cart/%s/domain' % cart_id, domain='reserved-name.com')[0]
    assert reserved['orderable'] is False and reserved['prices'] is None
    status, body = api_error(client.post, '/order/cart/%s/domain' % cart_id, domain='reserved-name.com')
    assert status == 400 and body['class'] == 'Client::BadRequest' and 'reserved' in body['message']
    assert client.get('/order/cart/%s/domain' % cart_id, domain='example.unknowntld') == []
    assert api_error(client.post, '/order/cart/%s/domain' % cart_id, domain='example.unknowntld')[0] == 400
    for name in ('-bad.com', 'a..com', 'nodot', 'under_score.com', 'www.sub.example.com', 'caf\u00e9.fr'):
        status, body = api_error(client.get, '/order/cart/%s/domain' % cart_id, domain=name)
        assert status == 400 and body['class'] == 'Client::BadRequest', name
    owned = control(sim, 'POST', 'domains', {'domain': 'already-mine.com'})
    assert owned.status_code == 200
    offer = client.get('/order/cart/%s/domain' % cart_id, domain='already-mine.com')[0]
    assert (offer['orderable'], offer['action']) == (False, 'transfer')
    assert client.get('/domain/already-mine.com')['domain'] == 'already-mine.com'
    assert api_error(client.get, '/domain/not-mine.com')[0] == 404


def test_item_and_configuration_checks(sim, client):
    cart_id = new_cart(client)
    status, body = api_error(client.post, '/order/cart/%s/domain' % cart_id, domain='long.io', duration='P6Y')
    assert status == 400 and 'P1Y, P2Y, P3Y, P4Y, P5Y' in body['message']
    assert api_error(client.post, '/order/cart/%s/domain' % cart_id, domain='yearly.de', duration='P2Y')[0] == 400
    assert api_error(client.post, '/order/cart/%s/domain' % cart_id, domain='two.com', quantity=2)[0] == 400
    assert api_error(client.post, '/order/cart/%s/domain' % cart_id, domain='plan.com', planCode='net')[0] == 400
    item = client.post('/order/cart/%s/domain' % cart_id, domain='fine.com')
    assert api_error(client.post, '/order/cart/%s/domain' % cart_id, domain='FINE.com')[0] == 400  # already in the cart
    assert client.put('/order/cart/%s/item/%d' % (cart_id, item['itemId']), duration='P3Y')['duration'] == 'P3Y'
    for label, value in (('OWNER_LEGAL_AGE', 'maybe'), ('OWNER_CONTACT', '/me/contact/999'), ('ADMIN_ACCOUNT', 'not a nic'),
                         ('DNS', 'ns1.example.net; ns2.example.net'), ('AUTH_INFO', 'x'), ('UNKNOWN_LABEL', 'x')):
        assert api_error(configure, client, cart_id, item['itemId'], label, value)[0] == 400, label
    configure(client, cart_id, item['itemId'], 'OWNER_LEGAL_AGE', 'true')
    configure(client, cart_id, item['itemId'], 'OWNER_LEGAL_AGE', 'true')
    status, body = api_error(client.get, '/order/cart/%s/checkout' % cart_id)
    assert status == 400 and 'more than once' in body['message'] and body['details']['duplicated'] == 'OWNER_LEGAL_AGE'
    assert api_error(client.get, '/order/cart/%s/item/12345' % cart_id)[0] == 404
    assert api_error(client.get, '/order/cart/%s/item/%d/configuration/1' % (cart_id, item['itemId']))[0] == 404


def test_payment_errors(sim, client):
    cart_id = new_cart(client)
    add_domain(client, cart_id, 'payment.net')
    order_id = client.post('/order/cart/%s/checkout' % cart_id, autoPayWithPreferredPaymentMethod=False)['orderId']
    status, body = api_error(client.post, '/me/order/%d/pay' % order_id, paymentMethod={'id': 999})
    assert status == 400 and '999' in body['message']
    status, body = api_error(client.post, '/me/order/%d/pay' % order_id, paymentMethod={'id': 2})
    assert status == 400 and 'EXPIRED' in body['message']
    assert client.get('/me/payment/method', status='EXPIRED') == [2]
    assert client.get('/me/payment/method', paymentType='CREDIT_CARD') == [1]
    assert api_error(client.post, '/me/order/%d/payWithRegisteredPaymentMean' % order_id, paymentMean='paypal', paymentMeanId=102)[0] == 400
    assert client.get('/me/order/%d/status' % order_id) == 'notPaid'
    assert api_error(client.get, '/me/order/1')[0] == 404
    assert api_error(client.get, '/me/payment/method/77')[0] == 404
    # no default payment method: auto-pay leaves the order unpaid
    assert control(sim, 'PUT', 'payment-methods', [{'paymentMethodId': 5, 'paymentType': 'PAYPAL', 'status': 'VALID'}]).ok
    assert client.get('/me/payment/method', default=True) == []
    cart_id = new_cart(client)
    add_domain(client, cart_id, 'unpaid.net')
    order = client.post('/order/cart/%s/checkout' % cart_id, autoPayWithPreferredPaymentMethod=True)
    assert client.get('/me/order/%d/status' % order['orderId']) == 'notPaid'


def test_body_validation(sim, raw_api):
    cases = [
        ({'ovhSubsidiary': 'FR', 'foo': 1}, "Invalid body: unknown field 'foo'"),
        ({'description': 'no subsidiary'}, "The input provided isn't valid: 'ovhSubsidiary' is a required property"),
        ({'ovhSubsidiary': 'XX'}, 'Invalid body: [ovhSubsidiary] Given data (XX) does not belong to the nichandle.OvhSubsidiaryEnum enumeration'),
        ({'ovhSubsidiary': 'FR', 'description': 12}, 'Invalid body: [description] Given data (12) is not a string'),
        ({'ovhSubsidiary': 'FR', 'expire': 'tomorrow'}, 'Invalid body: [expire] Given data (tomorrow) is not a datetime (ISO 8601)'),
        ({'ovhSubsidiary': None}, "The input provided isn't valid: 'ovhSubsidiary' cannot be null"),
        ('[1, 2]', 'Invalid body: expected a JSON object (order.cart.Creation)'),
        ('{not json', 'Invalid body: the request body is not valid JSON'),
    ]
    for body, message in cases:
        response = raw_api.call('POST', '/order/cart', body=body)
        assert (response.status_code, response.json()) == (400, {'class': 'Client::BadRequest', 'message': message}) or (
            response.status_code == 400 and response.json()['message'] == message), (body, response.json())
    cart_id = raw_api.call('POST', '/order/cart', body={'ovhSubsidiary': 'FR'}).json()['cartId']
    for body in ({'domain': 'x.com', 'quantity': 'one'}, {'domain': 'x.com', 'duration': 12}, {'domain': 'x.com', 'duration': '1 year'},
                 {'duration': 'P1Y'}, {'domain': 'x.com', 'quantity': True}):
        response = raw_api.call('POST', '/order/cart/%s/domain' % cart_id, body=body)
        assert response.status_code == 400 and response.json()['class'] == 'Client::BadRequest', body
    response = raw_api.call('POST', '/me/contact', body={'firstName': 'A'})
    assert response.status_code == 400 and "'address' is a required property" in response.json()['message']
    response = raw_api.call('POST', '/me/contact', body={'address': {'city': 'Paris', 'country': 'FR', 'line1': 'x', 'floor': 2}})
    assert response.json()['message'] == "Invalid body: unknown field 'address.floor'"
    response = raw_api.call('GET', '/me/order', query={'date.from': 'yesterday'})
    assert response.status_code == 400
    response = raw_api.call('GET', '/me/payment/method', query={'default': 'maybe'})
    assert response.status_code == 400


def test_unknown_and_unsimulated_routes(raw_api):
    response = raw_api.call('GET', '/no/such/route')
    assert (response.status_code, response.json()) == (404, {'class': 'Client::NotFound', 'message': 'Got an invalid (or empty) URL'})
    response = raw_api.call('GET', '/me/order/1/followUp')
    assert response.status_code == 501 and response.json()['class'] == 'Server::NotImplemented'
    response = raw_api.call('PATCH', '/me')
    assert response.status_code == 404
    response = raw_api.session.get(raw_api.sim.root + '/2.0/me', timeout=10)
    assert response.status_code == 404 and response.headers['X-Ovh-Queryid']
