# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The domain order workflow of OVHcloud's guide, step by step, with python-ovh against the simulator.

Every answer is checked as it arrives (see conftest.py): against the schema when it is there.
"""

import datetime

import ovh
import pytest

from sim_helpers import BERLIN_CONTACT, add_domain, configure, find_python, new_cart

PARIS_CONTACT = {
    'firstName': 'Paul', 'lastName': 'Martin', 'email': 'paul@example.org', 'language': 'fr_FR', 'legalForm': 'individual',
    'phone': '+33.612345678', 'address': {'line1': '1 rue de Rivoli', 'city': 'Paris', 'zip': '75001', 'country': 'FR'},
}


def _prices(entries):
    return {entry['label']: entry['price']['value'] for entry in entries}


def test_guide_workflow_step_by_step(sim, client, checker):
    me = client.get('/me')
    assert (me['nichandle'], me['ovhSubsidiary'], me['currency']['code']) == ('sim1234-ovh', 'FR', 'EUR')

    # 1. create the cart, read it back
    cart = client.post('/order/cart', ovhSubsidiary='FR', description='guide workflow')
    cart_id = cart['cartId']
    assert cart['items'] == [] and cart['readOnly'] is False and cart['description'] == 'guide workflow'
    assert client.get('/order/cart/%s' % cart_id)['cartId'] == cart_id

    # 2. the offers of a name
    offers = client.get('/order/cart/%s/domain' % cart_id, domain='guide-example.com')
    assert len(offers) == 1
    offer = offers[0]
    assert (offer['action'], offer['pricingMode'], offer['orderable'], offer['productId']) == ('create', 'create-default', True, 'domain')
    assert offer['duration'] == ['P%dY' % years for years in range(1, 11)]
    assert _prices(offer['prices']) == {'PRICE': 10.49, 'DISCOUNT': 0.0, 'FEE': 0.0, 'TOTAL': 10.49, 'RENEW': 13.99}

    # 3. add the domain (two years), then a second one that is removed again
    item = client.post('/order/cart/%s/domain' % cart_id, domain='guide-example.com', duration='P2Y',
                       planCode='com', pricingMode='create-default', quantity=1)
    item_id = item['itemId']
    assert (item['cartId'], item['duration'], item['productId']) == (cart_id, 'P2Y', 'domain')
    assert item['settings'] == {'domain': 'guide-example.com', 'planCode': 'com', 'pricingMode': 'create-default', 'quantity': 1}
    assert _prices(item['prices'])['TOTAL'] == 24.48
    other = client.post('/order/cart/%s/domain' % cart_id, domain='second-example.net')
    assert other['duration'] == 'P1Y'
    assert client.get('/order/cart/%s/item' % cart_id) == [item_id, other['itemId']]
    assert client.get('/order/cart/%s/item/%d' % (cart_id, other['itemId']))['settings']['domain'] == 'second-example.net'
    assert client.delete('/order/cart/%s/item/%d' % (cart_id, other['itemId'])) is None
    assert client.get('/order/cart/%s/item' % cart_id) == [item_id]

    # 4. the summary: the domain plus the two automatic DNS zone lines, 20% VAT
    summary = client.get('/order/cart/%s/summary' % cart_id)
    assert summary['orderId'] is None and summary['url'] is None and summary['contracts'] == []
    assert [detail['domain'] for detail in summary['details']] == ['guide-example.com'] * 3
    assert [detail['totalPrice']['value'] for detail in summary['details']] == [24.48, 0.0, 0.0]
    assert (summary['prices']['withoutTax']['value'], summary['prices']['tax']['value'], summary['prices']['withTax']['value']) == (
        24.48, 4.90, 29.38)

    # 5. assign the cart; it is now listed
    assert client.post('/order/cart/%s/assign' % cart_id) is None
    assert client.get('/order/cart', description='guide workflow') == [cart_id]

    # 6. required configuration
    required = client.get('/order/cart/%s/item/%d/requiredConfiguration' % (cart_id, item_id))
    labels = {entry['label']: entry['required'] for entry in required}
    assert labels == {'OWNER_LEGAL_AGE': True, 'OWNER_CONTACT': False, 'ADMIN_ACCOUNT': False, 'TECH_ACCOUNT': False, 'DNS': False}

    # 7. configurations: add, list, filter, read, delete
    contact = client.post('/me/contact', **PARIS_CONTACT)
    assert contact['address']['city'] == 'Paris'
    legal_age = configure(client, cart_id, item_id, 'OWNER_LEGAL_AGE', 'true')
    owner = configure(client, cart_id, item_id, 'OWNER_CONTACT', '/me/contact/%d' % contact['id'])
    dns = configure(client, cart_id, item_id, 'DNS', 'ns1.example.net;ns2.example.net')
    tech = configure(client, cart_id, item_id, 'TECH_ACCOUNT', 'sim1234-ovh')
    assert tech == {'id': tech['id'], 'label': 'TECH_ACCOUNT', 'value': 'sim1234-ovh'}
    base = '/order/cart/%s/item/%d/configuration' % (cart_id, item_id)
    assert client.get(base) == [legal_age['id'], owner['id'], dns['id'], tech['id']]
    assert client.get(base, label='DNS') == [dns['id']]
    assert client.get('%s/%d' % (base, owner['id']))['value'] == '/me/contact/%d' % contact['id']
    assert client.delete('%s/%d' % (base, tech['id'])) is None
    assert client.get(base) == [legal_age['id'], owner['id'], dns['id']]
    assert client.get('/order/cart/%s/item/%d' % (cart_id, item_id))['configurations'] == [legal_age['id'], owner['id'], dns['id']]

    # 8. dry-run checkout: the order as it would be, contracts filled, nothing created
    preview = client.get('/order/cart/%s/checkout' % cart_id)
    assert preview['orderId'] is None and preview['url'] is None and preview['contracts']
    assert preview['prices']['withTax']['value'] == 29.38
    assert client.get('/me/order') == []
    assert client.get('/order/cart/%s' % cart_id)['readOnly'] is False

    # 9. checkout
    started = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=1)
    order = client.post('/order/cart/%s/checkout' % cart_id, autoPayWithPreferredPaymentMethod=False, waiveRetractationPeriod=True)
    order_id = order['orderId']
    assert isinstance(order_id, int) and order['url'] and order['prices']['withTax']['value'] == 29.38
    assert client.get('/order/cart/%s' % cart_id)['readOnly'] is True
    assert client.get('/me/order', **{'date.from': started.isoformat()}) == [order_id]
    assert client.get('/me/order', **{'date.to': started.isoformat()}) == []
    billing = client.get('/me/order/%d' % order_id)
    assert billing['priceWithTax']['value'] == 29.38 and billing['retractionDate'] is None
    assert client.get('/me/order/%d/status' % order_id) == 'notPaid'

    # 10. order details and their extension
    details = [client.get('/me/order/%d/details/%d' % (order_id, detail_id)) for detail_id in client.get('/me/order/%d/details' % order_id)]
    assert [detail['domain'] for detail in details] == ['guide-example.com'] * 3
    extensions = [client.get('/me/order/%d/details/%d/extension' % (order_id, detail['orderDetailId'])) for detail in details]
    assert [extension['order']['plan']['code'] for extension in extensions] == ['com', 'zone', 'zone']

    # 11. payment means, payment
    assert client.get('/me/order/%d/availableRegisteredPaymentMean' % order_id) == [{'paymentMean': 'creditCard'}]
    method_ids = client.get('/me/payment/method', default=True)
    assert method_ids == [1]
    method = client.get('/me/payment/method/%d' % method_ids[0])
    assert (method['status'], method['default'], method['paymentType']) == ('VALID', True, 'CREDIT_CARD')
    assert client.post('/me/order/%d/pay' % order_id, paymentMethod={'id': 1}) is None

    # 12. status until delivered, then the domain is owned
    statuses = [client.get('/me/order/%d/status' % order_id)]
    for dummy in range(2):
        sim.tick()
        statuses.append(client.get('/me/order/%d/status' % order_id))
    assert statuses == ['checking', 'delivering', 'delivered']
    assert client.get('/domain') == ['guide-example.com']
    domain = client.get('/domain/guide-example.com')
    assert [server['nameServer'] for server in domain['nameServers']] == ['ns1.example.net', 'ns2.example.net']
    assert domain['nameServerType'] == 'external' and domain['state'] == 'ok'
    assert domain['whoisOwner'] != str(contact['id'])  # a new owner contact per domain, as OVH does
    assert client.get('/me/contact/%s' % domain['whoisOwner'])['address']['city'] == 'Paris'

    # every answer of this test was checked as it arrived (against the schema when it is there)
    assert len(checker.responses) > 40 and all(response.status_code == 200 for response in checker.responses)
    assert checker.schema_checked == (len(checker.responses) if checker.schema is not None else 0)
    mutating = [(entry['method'], entry['path']) for entry in sim.mutating_requests()]
    assert mutating[:2] == [('POST', '/order/cart'), ('POST', '/order/cart/%s/domain' % cart_id)]
    assert ('POST', '/order/cart/%s/checkout' % cart_id) in mutating and mutating[-1] == ('POST', '/me/order/%d/pay' % order_id)


def test_every_answer_of_the_workflow_matches_the_schema(sim, client, checker, api_schema):
    """The one test about OVHcloud's schema itself (skipped without ``../shared/ovh-api-schema``):
    each answer of the guide workflow was validated against it."""
    assert checker.schema is api_schema
    test_guide_workflow_step_by_step(sim, client, checker)
    assert checker.schema_checked == len(checker.responses) > 40


@pytest.mark.parametrize('version', ['3.8'])
def test_guide_workflow_on_an_old_python(version, start_simulator, make_client, checker):
    """The simulator runs on the oldest Python that runs Ansible, with the standard library only."""
    python = find_python(version)
    if python is None:
        pytest.skip('no Python %s interpreter on this machine' % version)
    simulator = start_simulator(python=python)
    test_guide_workflow_step_by_step(simulator, make_client(simulator), checker)
    assert simulator.stop() == 0


def test_auto_pay_and_advance_on_poll(start_simulator, make_client):
    sim = start_simulator('--advance-on-poll')
    client = make_client(sim)
    cart_id = new_cart(client)
    add_domain(client, cart_id, 'auto-pay.fr')
    order = client.post('/order/cart/%s/checkout' % cart_id, autoPayWithPreferredPaymentMethod=True, waiveRetractationPeriod=True)
    statuses = [client.get('/me/order/%d/status' % order['orderId']) for dummy in range(4)]
    assert statuses == ['checking', 'delivering', 'delivered', 'delivered']
    assert client.get('/domain') == ['auto-pay.fr']
    recorded = sim.state()['orders'][0]
    assert recorded['cartId'] == cart_id and recorded['autoPayWithPreferredPaymentMethod'] is True
    assert recorded['paidWith'] == 'autoPayWithPreferredPaymentMethod'


def test_checkout_without_body_then_pay_with_registered_payment_mean(sim, client):
    cart_id = new_cart(client)
    add_domain(client, cart_id, 'legacy-pay.org')
    order_id = client.post('/order/cart/%s/checkout' % cart_id)['orderId']
    assert sim.requests()[-1]['body'] is None
    billing = client.get('/me/order/%d' % order_id)
    assert billing['retractionDate'] is not None  # the retraction period was not waived
    with pytest.raises(ovh.exceptions.BadParametersError):
        client.post('/me/order/%d/payWithRegisteredPaymentMean' % order_id, paymentMean='creditCard')
    with pytest.raises(ovh.exceptions.BadParametersError):
        client.post('/me/order/%d/payWithRegisteredPaymentMean' % order_id, paymentMean='fidelityAccount')
    assert client.post('/me/order/%d/payWithRegisteredPaymentMean' % order_id, paymentMean='creditCard', paymentMeanId=101) is None
    assert client.get('/me/order/%d/status' % order_id) == 'checking'
    with pytest.raises(ovh.exceptions.BadParametersError, match='already been paid'):
        client.post('/me/order/%d/pay' % order_id, paymentMethod={'id': 1})
    sim.tick(5)
    assert client.get('/me/order/%d/status' % order_id) == 'delivered'


def test_transfer_with_auth_info(sim, client):
    cart_id = new_cart(client)
    offer = client.get('/order/cart/%s/domain' % cart_id, domain='taken-transfer.com')[0]
    assert (offer['action'], offer['pricingMode'], offer['duration']) == ('transfer', 'transfer-default', ['P1Y'])
    requirements = {entry['label']: entry['required'] for entry in offer['configurations']}
    assert requirements['AUTH_INFO'] is True and requirements['KEEP_DNS'] is False
    item = add_domain(client, cart_id, 'taken-transfer.com', pricingMode='transfer-default')
    configure(client, cart_id, item['itemId'], 'AUTH_INFO', 'SIM-AUTH-OK')
    configure(client, cart_id, item['itemId'], 'KEEP_DNS', 'true')
    order = client.post('/order/cart/%s/checkout' % cart_id, autoPayWithPreferredPaymentMethod=True)
    assert order['details'][0]['detailType'] == 'TRANSFER'
    sim.tick(2)
    domain = client.get('/domain/taken-transfer.com')
    assert domain['nameServerType'] == 'external'
    detail_ids = client.get('/me/order/%d/details' % order['orderId'])
    extension = client.get('/me/order/%d/details/%d/extension' % (order['orderId'], detail_ids[0]))
    secret = [entry for entry in extension['order']['configurations'] if entry['label'] == 'AUTH_INFO']
    assert secret == [{'label': 'AUTH_INFO', 'value': '********'}]


def test_berlin_with_an_owner_in_berlin(sim, client):
    cart_id = new_cart(client)
    contact = client.post('/domain/contact', **BERLIN_CONTACT)
    assert client.get('/domain/contact/%d' % contact['id'])['address']['city'] == 'Berlin'
    assert contact['id'] in [entry['id'] for entry in client.get('/domain/contact')]
    item = add_domain(client, cart_id, 'kiez.berlin')
    configure(client, cart_id, item['itemId'], 'ACCEPT_CONDITIONS', 'true')
    configure(client, cart_id, item['itemId'], 'OWNER_CONTACT', '/domain/contact/%d' % contact['id'])
    preview = client.get('/order/cart/%s/checkout' % cart_id)
    assert 'Registration policy of the .berlin registry' in [contract['name'] for contract in preview['contracts']]
    owner = {key: value for key, value in BERLIN_CONTACT.items() if key != 'phone'}
    check = '/domain/configurationRule/check?action=create&domain=kiez.berlin'
    assert client.post(check, owner=owner, extras={'acceptCondition': True}) is None
    rule = client.get('/domain/configurationRule', action='create', domain='kiez.berlin')
    assert 'ACCEPT_CONDITIONS' in [part['label'] for part in rule['and']]
    order = client.post('/order/cart/%s/checkout' % cart_id, autoPayWithPreferredPaymentMethod=True, waiveRetractationPeriod=True)
    assert order['orderId']


def test_premium_aftermarket_claims_and_protected_offers(sim, client):
    cart_id = new_cart(client)
    premium = client.get('/order/cart/%s/domain' % cart_id, domain='premium-shop.com')[0]
    assert (premium['pricingMode'], _prices(premium['prices'])['PRICE']) == ('create-premium', 2500.0)
    market = client.get('/order/cart/%s/domain' % cart_id, domain='aftermarket-deal.net')[0]
    assert (market['action'], market['pricingMode'], _prices(market['prices'])['TOTAL']) == ('transfer', 'transfer-aftermarket1', 1550.0)
    claims = client.get('/order/cart/%s/domain' % cart_id, domain='claims-brand.org')[0]
    assert {'CLAIMS_NOTICE': True}.items() <= {e['label']: e['required'] for e in claims['configurations']}.items()
    protected = client.get('/order/cart/%s/domain' % cart_id, domain='protected-city.fr')[0]
    assert {'REASON', 'PROTECTED_CODE'} <= {e['label'] for e in protected['configurations'] if e['required']}
    with pytest.raises(ovh.exceptions.BadParametersError, match='Pricing mode create-default is not available'):
        client.post('/order/cart/%s/domain' % cart_id, domain='premium-shop.com', pricingMode='create-default')
    item = add_domain(client, cart_id, 'protected-city.fr')
    configure(client, cart_id, item['itemId'], 'REASON', 'We are the city')
    configure(client, cart_id, item['itemId'], 'PROTECTED_CODE', 'wrong-code')
    with pytest.raises(ovh.exceptions.BadParametersError, match='PROTECTED_CODE') as error:
        client.get('/order/cart/%s/checkout' % cart_id)
    assert 'wrong-code' not in str(error.value)
