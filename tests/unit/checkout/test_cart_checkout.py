# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The money rules of CartCheckout (plugins/module_utils/_checkout.py) against a fake client, without
HTTP: one checkout POST whatever happens, the order looked up after an ambiguous failure, the payment
made once for the right order, and a checked-out cart never checked out again."""

from __future__ import annotations

import pytest

from ansible_collections.ovhcloud.order.plugins.module_utils import _checkout as checkout_utils
from ansible_collections.ovhcloud.order.plugins.module_utils._checkout import CartCheckout
from ansible_collections.ovhcloud.order.plugins.module_utils._errors import (
    OvhBadRequestError, OvhNetworkError, OvhServerError, OvhStop, OvhTimeoutError)
from ansible_collections.ovhcloud.order.plugins.module_utils._module import DifferenceTracker
from fake_client import FakeClient, Sequence

CART = 'cart-1'
DOMAIN = 'example.com'
NEW_ORDER = 42
OLD_ORDER = 7
CHECKOUT = '/order/cart/%s/checkout' % CART
PRICE = {'value': 12.59, 'currencyCode': 'EUR', 'text': '12.59 €'}
NET = {'value': 10.49, 'currencyCode': 'EUR', 'text': '10.49 €'}
DETAIL = {'domain': DOMAIN, 'description': '.com domain name creation', 'detailType': 'DURATION', 'quantity': '1',
          'unitPrice': NET, 'totalPrice': NET}
QUOTE = {'prices': {'withTax': PRICE, 'withoutTax': NET, 'tax': {'value': 2.1, 'currencyCode': 'EUR', 'text': '2.10 €'}},
         'details': [DETAIL], 'contracts': [{'name': 'General terms', 'url': 'https://example.net/terms.pdf', 'content': '...'}]}
OPEN_CART = {'cartId': CART, 'items': [1], 'readOnly': False, 'expire': '2099-01-01T00:00:00+00:00', 'description': 'test'}
READ_ONLY_CART = dict(OPEN_CART, readOnly=True)
ORDER_URL = 'https://www.ovh.com/cgi-bin/order/display-order.cgi?orderId=42&orderPassword=XXXX'


def routes(changes=None) -> dict:
    """The account: cart-1 holds example.com; order 7 (older, delivered, for another domain); order 42,
    for example.com, once the checkout has placed it."""
    table = {
        ('GET', '/order/cart/%s' % CART): OPEN_CART,
        ('GET', '/order/cart/%s/item/1' % CART): {'itemId': 1, 'settings': {'domain': DOMAIN}},
        ('GET', CHECKOUT): QUOTE,
        ('GET', '/me/order'): Sequence([OLD_ORDER], [NEW_ORDER, OLD_ORDER]),
        ('GET', '/me/order/%d/status' % OLD_ORDER): 'delivered',
        ('GET', '/me/order/%d/details' % OLD_ORDER): [70],
        ('GET', '/me/order/%d/details/70' % OLD_ORDER): dict(DETAIL, domain='other.com'),
        ('GET', '/me/order/%d' % NEW_ORDER): {'orderId': NEW_ORDER, 'date': '2026-12-02T10:00:00+00:00', 'url': ORDER_URL,
                                              'expirationDate': '2026-12-16T10:00:00+00:00', 'priceWithTax': PRICE, 'priceWithoutTax': NET},
        ('GET', '/me/order/%d/status' % NEW_ORDER): 'checking',
        ('GET', '/me/order/%d/details' % NEW_ORDER): [420],
        ('GET', '/me/order/%d/details/420' % NEW_ORDER): DETAIL,
    }
    table.update(changes or {})
    return table


class Run:
    """One CartCheckout on a FakeClient, with its warnings and sleeps."""

    def __init__(self, table, **options):
        self.client = FakeClient(table)
        self.warnings = []
        self.sleeps = []
        self.tracker = DifferenceTracker()
        options = dict({'max_price': 20, 'price_basis': 'with_tax', 'waive_retractation_period': True}, **options)
        self.checkout = CartCheckout(self.client, options, self.tracker, warn=self.warnings.append, sleep=self.sleeps.append)

    def __call__(self, **kwargs):
        return self.checkout.run(CART, **kwargs)

    def posts(self) -> list:
        return self.client.sent('POST')


def ambiguous(kind):
    if kind is OvhServerError:
        return OvhServerError('Internal server error', method='POST', path=CHECKOUT, status=503, error_class='Server::ServiceUnavailable')
    return kind('the connection was lost', method='POST', path=CHECKOUT)


# -- (1) an ambiguous checkout failure: looked up, never sent again ---------------------------------
@pytest.mark.parametrize('kind', [OvhTimeoutError, OvhNetworkError, OvhServerError])
def test_an_ambiguous_checkout_failure_reports_the_order_it_placed_without_a_second_post(kind):
    run = Run(routes({('POST', CHECKOUT): ambiguous(kind),
                      # read before the checkout (open), then after its failure (checked out: OVHcloud placed the order)
                      ('GET', '/order/cart/%s' % CART): Sequence(OPEN_CART, READ_ONLY_CART)}))
    result = run()
    assert run.posts() == ['POST ' + CHECKOUT]
    assert result['order']['order_id'] == NEW_ORDER and result['order']['domains'] == [DOMAIN]
    assert result['order']['status'] == 'checking' and result['order']['paid'] is True
    # Found among the orders placed since the scan (order 7 was seen before the checkout, so never read for it).
    assert run.client.sent('GET', '/me/order/%d/details' % NEW_ORDER) == ['GET /me/order/%d/details' % NEW_ORDER]
    assert run.client.sent('GET', '/me/order/%d' % OLD_ORDER) == []
    assert len(run.warnings) == 1 and 'order %d is reported. No second checkout was sent.' % NEW_ORDER in run.warnings[0]
    assert run.tracker.changed and run.sleeps == []


def test_an_ambiguous_failure_looks_once_even_when_the_cart_still_reads_open():
    # The cart still reads open (OVHcloud has not marked it yet): one look at the new orders, which finds it.
    run = Run(routes({('POST', CHECKOUT): ambiguous(OvhTimeoutError)}))
    result = run()
    assert run.posts() == ['POST ' + CHECKOUT]
    assert result['order']['order_id'] == NEW_ORDER
    assert len(run.client.sent('GET', '/me/order')) == 2 and run.sleeps == []


def test_an_ambiguous_failure_without_an_order_stops_with_the_state_unknown_and_no_second_post():
    run = Run(routes({('POST', CHECKOUT): ambiguous(OvhTimeoutError),
                      ('GET', '/order/cart/%s' % CART): Sequence(OPEN_CART, READ_ONLY_CART),
                      ('GET', '/me/order'): [OLD_ORDER]}))
    with pytest.raises(OvhStop) as stop:
        run()
    assert 'No second checkout was sent, and the state of the order is unknown' in stop.value.message
    assert 'no new order naming example.com was found' in stop.value.message
    assert run.posts() == ['POST ' + CHECKOUT]
    # A checked-out cart means an order exists: /me/order is searched LOOKUP_ATTEMPTS times, LOOKUP_DELAY apart.
    assert len(run.client.sent('GET', '/me/order')) == 1 + checkout_utils.LOOKUP_ATTEMPTS
    assert run.sleeps == [checkout_utils.LOOKUP_DELAY] * (checkout_utils.LOOKUP_ATTEMPTS - 1)


def test_a_refused_checkout_of_an_open_cart_is_an_error_and_nothing_is_looked_up():
    refused = OvhBadRequestError('Invalid cart', method='POST', path=CHECKOUT, status=400, error_class='Client::BadRequest')
    run = Run(routes({('POST', CHECKOUT): refused}))
    with pytest.raises(OvhBadRequestError):
        run()
    assert run.posts() == ['POST ' + CHECKOUT]
    assert len(run.client.sent('GET', '/me/order')) == 1  # the scan before the checkout only
    assert run.client.sent('GET', '/me/order/%d' % NEW_ORDER) == []


# -- (2) paying: once, the order the checkout placed ------------------------------------------------
def test_a_payment_method_pays_the_new_order_once():
    run = Run(routes({('GET', '/me/payment/method/5'): {'paymentMethodId': 5, 'status': 'VALID', 'paymentType': 'CREDIT_CARD'},
                      ('POST', CHECKOUT): dict(QUOTE, orderId=NEW_ORDER, url=ORDER_URL),
                      ('GET', '/me/order/%d/status' % NEW_ORDER): Sequence('notPaid', 'checking'),
                      ('POST', '/me/order/%d/pay' % NEW_ORDER): None}), payment_method_id=5)
    result = run()
    assert run.posts() == ['POST ' + CHECKOUT, 'POST /me/order/%d/pay' % NEW_ORDER]
    checkout_call, pay_call = run.client.writes()
    assert checkout_call.body == {'autoPayWithPreferredPaymentMethod': False, 'waiveRetractationPeriod': True}
    assert pay_call.body == {'paymentMethod': {'id': 5}}
    # The method was checked before the checkout, so a refused one would have ordered nothing.
    assert run.client.sent().index('GET /me/payment/method/5') < run.client.sent().index('POST ' + CHECKOUT)
    assert result['order']['order_id'] == NEW_ORDER and result['order']['payment'] == 'payment_method'
    assert result['order']['status'] == 'checking' and result['order']['paid'] is True
    assert result['order']['contracts'] == [{'name': 'General terms', 'url': 'https://example.net/terms.pdf'}]
    assert run.warnings == []


def test_auto_pay_is_asked_in_the_checkout_and_nothing_else_pays():
    run = Run(routes({('POST', CHECKOUT): dict(QUOTE, orderId=NEW_ORDER, url=ORDER_URL)}), auto_pay=True)
    result = run()
    assert run.posts() == ['POST ' + CHECKOUT]
    assert run.client.writes()[0].body == {'autoPayWithPreferredPaymentMethod': True, 'waiveRetractationPeriod': True}
    assert result['order']['paid'] is True and result['order']['payment'] == 'auto_pay'


# -- (3) a checked-out cart is never checked out again ----------------------------------------------
def test_a_read_only_cart_reports_its_order_and_sends_nothing():
    run = Run(routes({('GET', '/order/cart/%s' % CART): READ_ONLY_CART, ('GET', '/me/order'): [NEW_ORDER, OLD_ORDER]}))
    result = run()
    assert run.client.writes() == []
    assert 'GET ' + CHECKOUT not in run.client.sent()  # not even the dry run
    assert result['order']['order_id'] == NEW_ORDER and result['quote'] is None
    assert not run.tracker.changed


def test_a_read_only_cart_with_an_unpaid_order_pays_it_without_checking_out():
    run = Run(routes({('GET', '/order/cart/%s' % CART): READ_ONLY_CART, ('GET', '/me/order'): [NEW_ORDER],
                      ('GET', '/me/order/%d/status' % NEW_ORDER): Sequence('notPaid', 'checking'),
                      ('GET', '/me/order/%d/availableRegisteredPaymentMean' % NEW_ORDER): [{'paymentMean': 'fidelityAccount'}],
                      ('POST', '/me/order/%d/payWithRegisteredPaymentMean' % NEW_ORDER): None}),
              payment_mean='fidelityAccount')
    result = run()
    assert run.posts() == ['POST /me/order/%d/payWithRegisteredPaymentMean' % NEW_ORDER]
    assert run.client.writes()[0].body == {'paymentMean': 'fidelityAccount'}
    assert result['order']['order_id'] == NEW_ORDER and result['order']['paid'] is True
