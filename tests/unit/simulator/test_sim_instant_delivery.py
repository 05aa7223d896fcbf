# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""``--instant-delivery``: a paid order is delivered in the request that pays it."""

from sim_helpers import add_domain, new_cart


def test_a_paid_order_is_delivered_at_once(start_simulator, make_client):
    simulator = start_simulator('--instant-delivery')
    client = make_client(simulator)
    cart_id = new_cart(client)
    add_domain(client, cart_id, 'instant-paid.com')
    order = client.post('/order/cart/%s/checkout' % cart_id, autoPayWithPreferredPaymentMethod=True)
    assert client.get('/me/order/%d/status' % order['orderId']) == 'delivered'
    assert client.get('/domain') == ['instant-paid.com']
    cart_id = new_cart(client)
    add_domain(client, cart_id, 'instant-later.com')
    order = client.post('/order/cart/%s/checkout' % cart_id, autoPayWithPreferredPaymentMethod=False)
    assert client.get('/me/order/%d/status' % order['orderId']) == 'notPaid'
    client.post('/me/order/%d/pay' % order['orderId'], paymentMethod={'id': 1})
    assert client.get('/me/order/%d/status' % order['orderId']) == 'delivered'
    [first, second] = simulator.state()['orders']
    assert [step['status'] for step in second['history']] == ['notPaid', 'checking', 'delivering', 'delivered']
    assert first['delivered'] and second['delivered']
