# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""After the order: a seeded portfolio (``POST /_sim/portfolio``), renewal settings
(``/domain/{serviceName}/serviceInfos``), renewal options in a cart (``/order/cartServiceOption/domain``),
the renewal order and its delivery (the expiry date moves), domain tasks, and faults on the new POST
and PUT calls.

Every API answer is checked against OVHcloud's schema as it arrives (see conftest.py)."""

import datetime

import ovh
import pytest

from sim_helpers import control, new_cart

NOW = datetime.datetime.now(datetime.timezone.utc)


def _seed(sim, **body):
    response = control(sim, 'POST', 'portfolio', body)
    assert response.status_code == 200, response.text
    return response.json()


def _date(text):
    return datetime.datetime.fromisoformat(text)


def test_a_generated_portfolio_has_varied_states_dates_settings_and_tasks(sim, client, checker, optional_api_schema):
    seeded = _seed(sim, count=60, prefix='folio', expiresInDays=[-10, 400], openTasksEvery=10)
    assert seeded['count'] == 60
    names = client.get('/domain')
    assert sorted(entry['domain'] for entry in seeded['domains']) == names
    assert client.get('/order/cartServiceOption/domain') == names
    domains = {name: client.get('/domain/%s' % name) for name in names}
    infos = {name: client.get('/domain/%s/serviceInfos' % name) for name in names}
    states = [domains[name]['state'] for name in names]
    assert states.count('expired') >= 1 and states.count('ok') >= 50
    # Expiry dates are spread over the window and do not follow the names.
    expiries = [_date(domains[name]['expirationDate']) for name in names]
    assert min(expiries) < NOW < max(expiries) and expiries != sorted(expiries)
    assert {domains[name]['renewalState'] for name in names} == {'automatic_renew', 'manual_renew', 'cancellation_requested'}
    assert {domains[name]['dnssecState'] for name in names} == {'enabled', 'disabled'}
    assert {domains[name]['nameServerType'] for name in names} == {'hosted', 'external'}
    for name in names:
        assert infos[name]['expiration'] == domains[name]['expirationDate'][:10]
        assert infos[name]['renew']['automatic'] == (domains[name]['renewalState'] == 'automatic_renew')
        assert infos[name]['possibleRenewPeriod'] == [12 * years for years in range(1, 11)]
        assert (infos[name]['status'] == 'expired') == (domains[name]['state'] == 'expired')
    # One open task every ten domains, found by status account-wide and by domain.
    open_ids = sorted(set().union(*(client.get('/me/task/domain', status=status) for status in ('todo', 'doing', 'error', 'problem'))))
    assert len(open_ids) == 6
    tasks = [client.get('/me/task/domain/%d' % task_id) for task_id in open_ids]
    assert {task['function'] for task in tasks} == {'DomainDnsUpdate', 'DomainContactUpdate', 'DnssecEnable'}
    first = tasks[0]
    assert client.get('/domain/%s/task' % first['domain']) == [first['id']]
    assert client.get('/domain/%s/task/%d' % (first['domain'], first['id'])) == first
    assert client.get('/me/task/domain', domain=first['domain'], function=first['function']) == [first['id']]
    # The same body twice: every name is taken, nothing more is stored.
    again = control(sim, 'POST', 'portfolio', {'count': 60, 'prefix': 'folio'})
    assert again.status_code == 409 and len(client.get('/domain')) == 60
    assert checker.schema_checked > 100 or optional_api_schema is None


def test_bad_portfolio_bodies_seed_nothing(sim, client):
    for body in ({}, {'count': 0}, {'count': 2, 'domains': []}, {'domains': [{'domain': 'a.com', 'state': 'asleep'}]},
                 {'domains': [{'domain': 'a.com', 'renewal': 'sometimes'}]}, {'domains': [{'domain': 'a.de', 'period': 24}]},
                 {'domains': [{'domain': 'a.com'}, {'domain': 'b.com', 'tasks': [{'function': 'Nap', 'status': 'todo'}]}]},
                 {'count': 3, 'stateMix': {'asleep': 1}}, {'domains': [{'domain': 'a.com', 'colour': 'red'}]}):
        response = control(sim, 'POST', 'portfolio', body)
        assert response.status_code == 400, (body, response.text)
    assert client.get('/domain') == []


def test_renewal_settings_are_read_and_changed_within_the_rules(sim, client):
    _seed(sim, domains=[{'domain': 'keep.com', 'expiresInDays': 40}, {'domain': 'only-one.de', 'expiresInDays': 40}])
    info = client.get('/domain/keep.com/serviceInfos')
    assert info['renew'] == {'automatic': True, 'deleteAtExpiration': False, 'forced': False, 'manualPayment': False, 'period': 12}
    assert client.get('/domain/only-one.de/serviceInfos')['possibleRenewPeriod'] == [12]

    # A whole services.Service body, as read: read-only fields are ignored, renew is applied.
    client.put('/domain/keep.com/serviceInfos', **dict(info, renew=dict(info['renew'], automatic=False, period=24)))
    assert client.get('/domain/keep.com/serviceInfos')['renew']['period'] == 24
    assert client.get('/domain/keep.com')['renewalState'] == 'manual_renew'
    client.put('/domain/keep.com/serviceInfos', renew={'deleteAtExpiration': True})
    assert client.get('/domain/keep.com')['renewalState'] == 'cancellation_requested'
    assert client.get('/order/cartServiceOption/domain/keep.com') == []  # no renewal for a domain that is to be deleted

    for body, message in (({'renew': {'automatic': True}}, 'deleted at expiration'), ({'renew': {'period': 7}}, 'possible renew periods'),
                          ({'renew': {'forced': True}}, 'forced'), ({'renew': {'automatic': 'yes'}}, 'boolean')):
        with pytest.raises(ovh.exceptions.BadParametersError, match=message):
            client.put('/domain/keep.com/serviceInfos', **body)
    with pytest.raises(ovh.exceptions.ResourceNotFoundError):
        client.get('/domain/not-mine.com/serviceInfos')
    assert sim.state()['domains'][0]['renew']['deleteAtExpiration'] is True


def test_a_renewal_order_moves_the_expiry_date_on_delivery(sim, client):
    _seed(sim, domains=[{'domain': 'renew-me.com', 'expiresInDays': 20, 'renewal': 'manual'},
                        {'domain': 'premium-gem.com', 'expiresInDays': 5},
                        {'domain': 'leaving.net', 'expiresInDays': 30, 'state': 'outgoing_transfer'}])
    options = client.get('/order/cartServiceOption/domain/renew-me.com')
    assert [(option['family'], option['planCode']) for option in options] == [('renew', 'com')]
    prices = {price['duration']: price['price']['value'] for price in options[0]['prices']}
    assert prices['P1Y'] == 13.99 and prices['P3Y'] == pytest.approx(41.97)
    assert client.get('/order/cartServiceOption/domain/premium-gem.com')[0]['prices'][0]['price']['value'] == 2500.0
    assert client.get('/order/cartServiceOption/domain/leaving.net') == []

    cart_id = new_cart(client, 'renewals')
    item = client.post('/order/cartServiceOption/domain/renew-me.com', cartId=cart_id, duration='P3Y', planCode='com',
                       pricingMode='default', quantity=1)
    assert item['duration'] == 'P3Y' and item['settings']['domain'] == 'renew-me.com'
    assert {price['label']: price['price']['value'] for price in item['prices']}['TOTAL'] == pytest.approx(41.97)
    assert client.get('/order/cart/%s/item/%d/requiredConfiguration' % (cart_id, item['itemId'])) == []
    for body, message in ((dict(duration='P11Y'), 'duration'), (dict(planCode='net'), 'planCode'), (dict(pricingMode='premium'), 'Pricing mode'),
                          (dict(quantity=2), 'quantity'), ({}, 'already in this cart')):
        arguments = dict(cartId=cart_id, duration='P1Y', planCode='com', pricingMode='default', quantity=1)
        arguments.update(body)
        with pytest.raises(ovh.exceptions.BadParametersError, match=message):
            client.post('/order/cartServiceOption/domain/renew-me.com', **arguments)
    with pytest.raises(ovh.exceptions.BadParametersError, match='planCode'):
        client.post('/order/cartServiceOption/domain/leaving.net', cartId=cart_id, duration='P1Y', planCode='net',
                    pricingMode='default', quantity=1)

    preview = client.get('/order/cart/%s/checkout' % cart_id)
    assert [(line['detailType'], line['domain']) for line in preview['details']] == [('RENEW', 'renew-me.com')]
    assert preview['prices']['withTax']['value'] == pytest.approx(41.97 * 1.2, abs=0.01)
    order = client.post('/order/cart/%s/checkout' % cart_id, autoPayWithPreferredPaymentMethod=True, waiveRetractationPeriod=True)
    assert order['prices'] == preview['prices']
    detail_ids = client.get('/me/order/%d/details' % order['orderId'])
    detail = client.get('/me/order/%d/details/%d' % (order['orderId'], detail_ids[0]))
    assert detail['detailType'] == 'RENEW' and detail['domain'] == 'renew-me.com' and len(detail_ids) == 1
    assert client.get('/me/order/%d/details/%d/extension' % (order['orderId'], detail_ids[0]))['order']['plan']['duration'] == 'P3Y'

    before = _date(client.get('/domain/renew-me.com')['expirationDate'])
    sim.tick(2)
    assert client.get('/me/order/%d/status' % order['orderId']) == 'delivered'
    after = _date(client.get('/domain/renew-me.com')['expirationDate'])
    assert after.year == before.year + 3 and (after.month, after.day) == (before.month, before.day)
    assert client.get('/domain/renew-me.com/serviceInfos')['expiration'] == after.date().isoformat()
    done = client.get('/domain/renew-me.com/task', function='DomainRenew', status='done')
    assert len(done) == 1 and 'P3Y' in client.get('/domain/renew-me.com/task/%d' % done[0])['comment']
    # A domain that left the account meanwhile cannot be checked out.
    cart_id = new_cart(client, 'gone')
    client.post('/order/cartServiceOption/domain/premium-gem.com', cartId=cart_id, duration='P1Y', planCode='com',
                pricingMode='default', quantity=1)
    control(sim, 'DELETE', 'domains/premium-gem.com')
    with pytest.raises(ovh.exceptions.BadParametersError, match='no longer in your account'):
        client.get('/order/cart/%s/checkout' % cart_id)


def test_faults_apply_to_the_new_post_and_put_calls(sim, client):
    _seed(sim, domains=[{'domain': 'faulty.com', 'expiresInDays': 20}])
    sim.add_fault(method='PUT', path='/serviceInfos$', status=503, times=1)
    with pytest.raises(ovh.exceptions.APIError):
        client.put('/domain/faulty.com/serviceInfos', renew={'automatic': False})
    assert sim.state()['domains'][0]['renew']['automatic'] is True  # refused before it took effect
    cart_id = new_cart(client, 'faults')
    sim.add_fault(method='POST', path='^/order/cartServiceOption/domain/', status=0, after_commit=True)
    with pytest.raises(ovh.exceptions.HTTPError):
        client.post('/order/cartServiceOption/domain/faulty.com', cartId=cart_id, duration='P1Y', planCode='com',
                    pricingMode='default', quantity=1)
    assert len(client.get('/order/cart/%s/item' % cart_id)) == 1  # the item was added before the connection dropped
    assert [(entry['method'], entry['status']) for entry in sim.requests() if 'cartServiceOption' in entry['path']] == [('POST', 0)]
