# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The order engine (plugins/module_utils/_domain_order.py) on a fake client, without HTTP: the calls of
one simple order, in order. The answers (one_order_answers.json) are the simulator's for the same order,
with the cart id set to cart-1."""

from __future__ import annotations

import json
from pathlib import Path

from ansible_collections.ovhcloud.order.plugins.module_utils._domain_order import DomainOrder
from ansible_collections.ovhcloud.order.plugins.module_utils._module import DifferenceTracker
from ansible_collections.ovhcloud.order.plugins.module_utils._validation import domain_requests
from fake_client import FakeClient, Sequence

ANSWERS = json.loads((Path(__file__).parent / 'one_order_answers.json').read_text(encoding='utf-8'))
DOMAIN = 'probe-one.com'
CART = '/order/cart/cart-1'
ORDER_ID = ANSWERS['order']['orderId']
# ovh_domain_order's options, as Ansible gives them (every one, defaults filled in).
OPTIONS = {
    'max_price': 100, 'allow_any_price': False, 'price_basis': 'with_tax', 'currency': None, 'auto_pay': True,
    'waive_retractation_period': True, 'payment_method_id': None, 'payment_mean': None, 'payment_mean_id': None,
    'owner_contact': None, 'owner': None, 'dns_servers': None, 'owner_legal_age': True, 'allow_premium': False,
    'ovh_subsidiary': None, 'order_window': 30, 'wait_for': 'none', 'wait_timeout': 1800, 'poll_interval': 30,
    'name_prefix': '', 'plan_path': None, 'plan': None, 'plan_max_age': 72, 'plan_price_tolerance': 0,
}
ENTRY = {'name': DOMAIN, 'duration': 'P1Y', 'action': None, 'pricing_mode': None, 'auth_info': None, 'dns_servers': None,
         'owner_contact': None, 'owner': None, 'configurations': None}


def new_cart(query, body):
    return dict(body, cartId='cart-1', items=[], readOnly=False)


def account():
    return FakeClient({
        ('GET', '/me/order'): [],
        ('GET', '/me'): {'nichandle': 'ab1234-ovh', 'ovhSubsidiary': 'FR'},
        ('POST', '/order/cart'): new_cart,
        ('POST', CART + '/assign'): None,
        ('GET', CART + '/domain'): ANSWERS['offers'],
        ('GET', '/order/cart'): ['cart-1'],
        ('POST', CART + '/domain'): ANSWERS['item'],
        ('POST', '%s/item/%s/configuration' % (CART, ANSWERS['item']['itemId'])): ANSWERS['conf'],
        ('GET', CART + '/checkout'): ANSWERS['quote'],
        ('POST', CART + '/checkout'): ANSWERS['order'],
        ('GET', '/me/order/%s/status' % ORDER_ID): Sequence('checking'),
    })


def in_groups(calls, groups):
    """``calls`` split as ``groups`` (lists of calls made concurrently, in any order), each sorted."""
    result, start = [], 0
    for group in groups:
        result.append(sorted(calls[start:start + len(group)]))
        start += len(group)
    return result + ([calls[start:]] if calls[start:] else [])


def test_one_domain_is_ordered_with_these_calls_in_this_order():
    client = account()
    tracker = DifferenceTracker()
    order = DomainOrder(client, domain_requests([ENTRY], 'domains', {'owner_option': 'owner'}), OPTIONS, tracker)
    result = order.run()
    expected = [
        ['GET /domain/%s' % DOMAIN],                                     # held by the account? (404: no)
        sorted(['GET /me/order', 'GET /me']),                            # the open orders of the window, and the subsidiary
        ['POST /order/cart'],                                            # the run's cart, its claim on the domain
        ['POST %s/assign' % CART],
        ['GET %s/domain' % CART],                                        # the offer
        ['GET /order/cart'],                                             # the other runs' claims
        ['POST %s/domain' % CART],                                       # the item
        ['POST %s/item/%s/configuration' % (CART, ANSWERS['item']['itemId'])],
        sorted(['GET /me/order', 'GET %s/checkout' % CART]),             # orders placed since the scan, and OVHcloud's quote
        ['POST %s/checkout' % CART],                                     # the one checkout
        ['GET /me/order/%s/status' % ORDER_ID],
    ]
    assert in_groups(client.sent(), expected) == expected
    bodies = {call.path: call.body for call in client.writes()}
    assert bodies['/order/cart']['description'] == 'ovhcloud.order claim 1 open %s' % DOMAIN and bodies['/order/cart']['ovhSubsidiary'] == 'FR'
    assert bodies[CART + '/domain'] == {'domain': DOMAIN, 'duration': 'P1Y', 'planCode': 'com', 'pricingMode': 'create-default', 'quantity': 1}
    assert bodies['%s/item/%s/configuration' % (CART, ANSWERS['item']['itemId'])] == {'label': 'OWNER_LEGAL_AGE', 'value': 'true'}
    assert bodies[CART + '/checkout'] == {'autoPayWithPreferredPaymentMethod': True, 'waiveRetractationPeriod': True}
    [record] = result['domains']
    assert (record['domain'], record['outcome'], record['order_id']) == (DOMAIN, 'ordered', ORDER_ID)
    assert result['order']['order_id'] == ORDER_ID and tracker.changed
