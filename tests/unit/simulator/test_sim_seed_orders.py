# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Past orders seeded with ``POST /_sim/orders``: listed by ``GET /me/order``, readable and payable on
every ``/me/order`` route like orders made from a cart; and ``GET /_sim/requests?after=``, with which
the benchmark reads long request logs in pieces.

Every API answer is checked against OVHcloud's schema as it arrives (see conftest.py)."""

import datetime

import ovh
import pytest

from sim_helpers import add_domain, control, new_cart

DAY = datetime.timedelta(days=1)


def _epoch(text):
    return datetime.datetime.fromisoformat(text)


def _seed(sim, **body):
    response = control(sim, 'POST', 'orders', body)
    assert response.status_code == 200, response.text
    return response.json()


def _read_everything(client, order_id):
    """Every GET route of an order; returns (order, status, details, extensions)."""
    order = client.get('/me/order/%d' % order_id)
    status = client.get('/me/order/%d/status' % order_id)
    detail_ids = client.get('/me/order/%d/details' % order_id)
    details = [client.get('/me/order/%d/details/%d' % (order_id, detail_id)) for detail_id in detail_ids]
    extensions = [client.get('/me/order/%d/details/%d/extension' % (order_id, detail_id)) for detail_id in detail_ids]
    return order, status, details, extensions


def test_default_mix_is_listed_and_every_route_answers(sim, client):
    seeded = _seed(sim, count=100)
    assert seeded['kinds'] == {'delivered': 90, 'cancelled': 7, 'expired': 3}
    created = seeded['orders']
    ids = [entry['orderId'] for entry in created]
    assert len(set(ids)) == 100 and ids == sorted(ids)
    assert len({entry['domain'] for entry in created}) == 100
    assert {entry['domain'].rsplit('.', 1)[1] for entry in created} == {'com', 'fr', 'net', 'org'}

    # All within the last 30 days, oldest first, so the role's 30-day lookup finds every one.
    now = datetime.datetime.now(datetime.timezone.utc)
    dates = [_epoch(entry['date']) for entry in created]
    assert dates == sorted(dates) and now - 30 * DAY < dates[0] and dates[-1] < now
    since = (now - 30 * DAY).strftime('%Y-%m-%dT%H:%M:%S+00:00')
    assert client.get('/me/order') == ids
    assert client.get('/me/order', **{'date.from': since}) == ids

    # The kinds are interleaved over the month, not bunched at one end.
    kinds = [entry['status'] for entry in created]
    assert kinds[:10].count('delivered') >= 8 and 'cancelled' in kinds[:50] and 'cancelled' in kinds[50:]

    owned = set(client.get('/domain'))
    for entry in created:
        order_id = entry['orderId']
        order, status, details, extensions = _read_everything(client, order_id)
        assert status == entry['status'] and order['orderId'] == order_id and order['date'] == entry['date']
        # One domain line and the two DNS zone lines, as an order from a cart has.
        assert [detail['domain'] for detail in details] == [entry['domain']] * 3
        assert [detail['detailType'] for detail in details] == ['DURATION', 'INSTALLATION', 'DURATION']
        assert extensions[0]['order']['plan']['code'] == entry['domain'].rsplit('.', 1)[1]
        assert extensions[0]['order']['configurations'] == [{'label': 'OWNER_LEGAL_AGE', 'value': 'true'}]
        assert order['priceWithTax']['value'] > 0 and order['retractionDate'] is None
        means = client.get('/me/order/%d/availableRegisteredPaymentMean' % order_id)
        if status == 'delivered':
            assert entry['domain'] in owned and means == []
            assert client.get('/domain/%s' % entry['domain'])['domain'] == entry['domain']
        else:
            assert entry['domain'] not in owned
        if status == 'notPaid':
            # "expired": unpaid, and its expiration date is already past.
            assert _epoch(order['expirationDate']) < now and means == [{'paymentMean': 'creditCard'}]
        else:
            assert _epoch(order['expirationDate']) == _epoch(order['date']) + 30 * DAY

    state = sim.state()
    assert len(state['orders']) == 100 and len(state['domains']) == 90
    by_id = {order['orderId']: order for order in state['orders']}
    delivered = by_id[created[0]['orderId']]
    assert [step['status'] for step in delivered['history']] == ['notPaid', 'checking', 'delivering', 'delivered']
    assert delivered['paymentMethodId'] == 1 and delivered['cartId'] is None
    cancelled = next(entry for entry in created if entry['status'] == 'cancelled')
    assert [step['status'] for step in by_id[cancelled['orderId']]['history']] == ['notPaid', 'cancelled']
    assert by_id[cancelled['orderId']]['paymentMethodId'] is None
    # Control calls are not in the request log; only the API reads above are.
    assert all(not entry['path'].startswith('/_sim') for entry in sim.requests())


def test_one_status_options_and_progress(sim, client):
    seeded = _seed(sim, count=4, status='checking', days=2, prefix='older', tlds=['eu'])
    assert seeded['kinds'] == {'checking': 4}
    now = datetime.datetime.now(datetime.timezone.utc)
    for entry in seeded['orders']:
        assert entry['domain'] == 'older-%d.eu' % entry['orderId']
        assert now - 2 * DAY < _epoch(entry['date']) < now
    # Paid orders move on like any other: delivered after two ticks, their domains owned.
    sim.tick(2)
    assert {client.get('/me/order/%d/status' % entry['orderId']) for entry in seeded['orders']} == {'delivered'}
    assert sorted(client.get('/domain')) == sorted(entry['domain'] for entry in seeded['orders'])

    kept = _seed(sim, count=2, status='delivered', deliver=False, prefix='not-kept')
    assert all(entry['status'] == 'delivered' for entry in kept['orders'])
    assert not any(name.startswith('not-kept') for name in client.get('/domain'))

    # An open unpaid order can be paid, and a new order made from a cart comes after the seeded ones.
    unpaid = _seed(sim, count=1, status='notPaid')['orders'][0]
    assert _epoch(unpaid['expirationDate']) > now
    client.post('/me/order/%d/pay' % unpaid['orderId'], paymentMethod={'id': 1})
    assert client.get('/me/order/%d/status' % unpaid['orderId']) == 'checking'
    cart_id = new_cart(client)
    add_domain(client, cart_id, 'after-the-seeds.com')
    order = client.post('/order/cart/%s/checkout' % cart_id, autoPayWithPreferredPaymentMethod=True, waiveRetractationPeriod=True)
    assert order['orderId'] > unpaid['orderId']
    with pytest.raises(ovh.exceptions.BadParametersError, match='already been paid'):
        client.post('/me/order/%d/pay' % seeded['orders'][0]['orderId'], paymentMethod={'id': 1})


def test_mix_weights_are_rounded_to_exact_counts(sim):
    seeded = _seed(sim, count=7, mix={'delivered': 1, 'documentsRequested': 1, 'expired': 1})
    assert seeded['kinds'] == {'delivered': 3, 'documentsRequested': 2, 'expired': 2}
    assert [entry['status'] for entry in seeded['orders']].count('notPaid') == 2


@pytest.mark.parametrize('body, message', [
    (None, 'body'),
    ({}, 'count must be'),
    ({'count': 0}, 'count must be'),
    ({'count': 10001}, 'count must be'),
    ({'count': True}, 'count must be'),
    ({'count': 1, 'days': 0}, 'days must be'),
    ({'count': 1, 'status': 'shipped'}, 'status and the keys of mix'),
    ({'count': 1, 'status': 'delivered', 'mix': {'delivered': 1}}, 'not both'),
    ({'count': 1, 'mix': {'delivered': -1}}, 'weights'),
    ({'count': 1, 'mix': {'delivered': 0}}, 'weights'),
    ({'count': 1, 'tlds': []}, 'tlds'),
    ({'count': 1, 'tlds': ['xyz']}, 'cannot be ordered'),
    ({'count': 1, 'prefix': 'reserved'}, 'cannot be ordered'),
    ({'count': 1, 'deliver': 'yes'}, 'deliver must be'),
    ({'count': 1, 'colour': 'red'}, 'unknown field colour'),
])
def test_bad_bodies_are_refused(sim, body, message):
    response = control(sim, 'POST', 'orders', body)
    assert response.status_code == 400 and message in response.json()['message']
    assert sim.state()['orders'] == []


def test_request_log_after_an_id(sim, client):
    for dummy in range(3):
        client.get('/me')
    entries = sim.requests()
    assert [entry['id'] for entry in entries] == [1, 2, 3, 4]  # GET /auth/time first
    assert control(sim, 'GET', 'requests?after=2').json() == entries[2:]
    assert control(sim, 'GET', 'requests?after=4').json() == []
    assert control(sim, 'GET', 'requests?after=0').json() == entries
    # Ids go on after the log is cleared, so a reader never sees an entry twice.
    control(sim, 'DELETE', 'requests')
    client.get('/me')
    assert [entry['id'] for entry in control(sim, 'GET', 'requests?after=4').json()] == [5]
    assert control(sim, 'GET', 'requests?after=x').status_code == 400
