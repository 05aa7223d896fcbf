# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Decisions of ovh_checkout, run as Ansible runs it, against the simulator.

Carts are prepared with direct API calls (the shared client), so that these tests depend on the
checkout module alone; the request log is cleared before the module runs."""

from __future__ import annotations

import datetime
import re

import pytest

from ansible_collections.ovhcloud.order.plugins.module_utils import _order as order_utils
from ansible_collections.ovhcloud.order.plugins.module_utils._client import api_path
from cart_helpers import prepare_cart

CHECKOUT = re.compile(r'/order/cart/[^/]+/checkout$')


# -- helpers --------------------------------------------------------------------------------------
def checkout_posts(sim) -> list:
    return [r for r in sim.requests() if r['method'] == 'POST' and CHECKOUT.search(r['path'])]


def warnings_of(result) -> list:
    """The warning texts of a module result (ansible-core 2.19 modules return them as structured events)."""
    texts = []
    for warning in result.get('warnings') or ():
        if isinstance(warning, dict):
            warning = (warning.get('event') or {}).get('msg') or warning.get('msg') or str(warning)
        texts.append(warning)
    return texts


def days_later(sim, days) -> str:
    """The simulator's clock plus ``days``, in ISO 8601."""
    now = datetime.datetime.fromisoformat(sim.state()['now'])
    return (now + datetime.timedelta(days=days)).isoformat()


def order_count(sim) -> int:
    return len(sim.state()['orders'])


@pytest.fixture
def checkout(run_module, sim):
    def run(args, **kwargs):
        return run_module('ovh_checkout', args, sim=sim, **kwargs)
    return run


# -- option validation: before any call ------------------------------------------------------------
@pytest.mark.parametrize('args, message', [
    ({'cart_id': 'c'}, 'max_price is required'),
    ({'cart_id': 'c', 'max_price': -1}, 'max_price must not be negative'),
    ({'cart_id': 'c', 'max_price': 10, 'auto_pay': True, 'payment_method_id': 1}, 'exclude each other'),
    ({'cart_id': 'c', 'max_price': 10, 'payment_method_id': 1, 'payment_mean': 'ovhAccount'},
     'payment_method_id and payment_mean are ways to pay that exclude each other'),
    ({'cart_id': 'c', 'max_price': 10, 'payment_mean_id': 3}, 'payment_mean'),
    ({'cart_id': 'c', 'max_price': 10, 'payment_mean': 'creditCard'}, 'payment_mean_id'),
    ({'cart_id': 'c', 'max_price': 10, 'currency': 'DOLLARS'}, 'currency'),
    ({'cart_id': 'c', 'max_price': 10, 'price_basis': 'gross'}, 'price_basis'),
])
def test_bad_options_fail_before_any_call(checkout, sim, args, message):
    result = checkout(args)
    assert result.failed
    assert message in result['msg']
    assert sim.requests() == []


def test_missing_cart_fails_saying_so(checkout, sim):
    result = checkout({'cart_id': 'no-such-cart', 'max_price': 10})
    assert result.failed
    assert 'does not exist or has expired' in result['msg']
    assert sim.mutating_requests() == []


def test_empty_cart_fails(checkout, sim, api):
    cart_id = prepare_cart(api)
    sim.clear_requests()
    result = checkout({'cart_id': cart_id, 'max_price': 10})
    assert result.failed and 'is empty' in result['msg']
    assert sim.mutating_requests() == []


# -- check mode and the guards ---------------------------------------------------------------------
def test_check_mode_quotes_and_orders_nothing(checkout, sim, api):
    cart_id = prepare_cart(api, 'check-mode.com')
    sim.clear_requests()
    result = checkout({'cart_id': cart_id, 'max_price': 50, 'auto_pay': True}, check_mode=True, diff=True)
    assert not result.failed, result
    assert result['changed'] is True
    assert result['order'] is None
    assert result['quote']['with_tax']['value'] == 12.59
    assert result['quote']['without_tax']['value'] == 10.49
    assert result['quote']['currency'] == 'EUR'
    assert result['quote']['contracts'] and all(c['url'] for c in result['quote']['contracts'])
    assert {d['domain'] for d in result['quote']['details']} == {'check-mode.com'}
    assert result['diff']['before'] == {'cart_checked_out': False, 'order': None}
    assert result['diff']['after']['cart_checked_out'] is True
    assert result['diff']['after']['order']['domains'] == ['check-mode.com']
    assert sim.mutating_requests() == []
    assert any(r['method'] == 'GET' and CHECKOUT.search(r['path']) for r in sim.requests())
    assert order_count(sim) == 0


def test_max_price_below_quote_fails_before_checkout(checkout, sim, api):
    cart_id = prepare_cart(api, 'too-dear.com')
    sim.clear_requests()
    result = checkout({'cart_id': cart_id, 'max_price': 12.5})
    assert result.failed
    assert '12.59 EUR with tax' in result['msg'] and 'max_price 12.5' in result['msg']
    assert result['quote']['with_tax']['value'] == 12.59
    assert checkout_posts(sim) == [] and sim.mutating_requests() == []
    assert order_count(sim) == 0


def test_max_price_on_the_price_without_tax(checkout, sim, api):
    cart_id = prepare_cart(api, 'no-tax.com')
    sim.clear_requests()
    result = checkout({'cart_id': cart_id, 'max_price': 10.49, 'price_basis': 'without_tax'}, check_mode=True)
    assert not result.failed and result['changed'] is True
    result = checkout({'cart_id': cart_id, 'max_price': 10.48, 'price_basis': 'without_tax'})
    assert result.failed and '10.49 EUR without tax' in result['msg'] and 'max_price 10.48' in result['msg']
    assert sim.mutating_requests() == []


def test_currency_mismatch_fails_before_checkout(checkout, sim, api):
    cart_id = prepare_cart(api, 'in-euros.com')
    sim.clear_requests()
    result = checkout({'cart_id': cart_id, 'max_price': 100, 'currency': 'USD'})
    assert result.failed
    assert 'EUR' in result['msg'] and 'USD' in result['msg']
    assert sim.mutating_requests() == []


def test_eligibility_failure_of_the_dry_run_names_the_field(checkout, sim, api):
    cart_id = prepare_cart(api, 'outside.berlin')
    sim.clear_requests()
    result = checkout({'cart_id': cart_id, 'allow_any_price': True})
    assert result.failed
    assert 'dry run' in result['msg'] and 'city' in result['msg']
    assert result['failure']['http_status'] == 400 and result['failure']['query_id']
    assert sim.mutating_requests() == []


# -- the real checkout -----------------------------------------------------------------------------
def test_checkout_sends_both_consent_flags_explicitly_false_by_default(checkout, sim, api):
    cart_id = prepare_cart(api, 'defaults.com')
    sim.clear_requests()
    result = checkout({'cart_id': cart_id, 'max_price': 20}, diff=True)
    assert not result.failed, result
    assert result['changed'] is True
    posts = checkout_posts(sim)
    assert len(posts) == 1
    assert posts[0]['body'] == {'autoPayWithPreferredPaymentMethod': False, 'waiveRetractationPeriod': False}
    order = result['order']
    assert order['status'] == 'notPaid' and order['paid'] is False and order['payment'] == 'none'
    assert order['domains'] == ['defaults.com'] and order['url'] and order['contracts']
    assert result['diff']['after']['order']['order_id'] == order['order_id']
    assert [o['orderId'] for o in sim.state()['orders']] == [order['order_id']]


def test_auto_pay_and_waiver_are_sent_and_the_order_is_paid(checkout, sim, api):
    cart_id = prepare_cart(api, 'auto-pay.com')
    sim.clear_requests()
    result = checkout({'cart_id': cart_id, 'max_price': 20, 'auto_pay': True, 'waive_retractation_period': True})
    assert not result.failed, result
    assert checkout_posts(sim)[0]['body'] == {'autoPayWithPreferredPaymentMethod': True, 'waiveRetractationPeriod': True}
    assert result['order']['status'] == 'checking' and result['order']['paid'] is True and result['order']['payment'] == 'auto_pay'
    state_order = sim.state()['orders'][0]
    assert state_order['status'] == 'checking' and state_order['waiveRetractationPeriod'] is True


def test_rerun_on_a_checked_out_cart_changes_nothing(checkout, sim, api):
    cart_id = prepare_cart(api, 'rerun.com')
    first = checkout({'cart_id': cart_id, 'max_price': 20, 'auto_pay': True})
    assert first['changed'] is True
    sim.clear_requests()
    for check_mode in (False, True):
        again = checkout({'cart_id': cart_id, 'max_price': 20, 'auto_pay': True}, check_mode=check_mode, diff=True)
        assert not again.failed, again
        assert again['changed'] is False
        assert again['order']['order_id'] == first['order']['order_id']
        assert again['quote'] is None
        assert again['diff'] == {'before': {}, 'after': {}}
    assert sim.mutating_requests() == []
    assert order_count(sim) == 1


def test_pay_with_a_payment_method(checkout, sim, api):
    cart_id = prepare_cart(api, 'pay-method.com')
    sim.clear_requests()
    result = checkout({'cart_id': cart_id, 'max_price': 20, 'payment_method_id': 1})
    assert not result.failed, result
    order_id = result['order']['order_id']
    pays = [r for r in sim.mutating_requests() if r['path'].endswith('/me/order/%d/pay' % order_id)]
    assert [r['body'] for r in pays] == [{'paymentMethod': {'id': 1}}]
    assert result['order']['paid'] is True and result['order']['payment'] == 'payment_method'
    assert sim.state()['orders'][0]['paidWith'] == 'paymentMethod'


@pytest.mark.parametrize('method_id, reason', [(2, 'EXPIRED'), (999, 'does not exist')])
def test_refused_payment_method_fails_before_any_order(checkout, sim, api, method_id, reason):
    cart_id = prepare_cart(api, 'refused-method.com')
    sim.clear_requests()
    result = checkout({'cart_id': cart_id, 'max_price': 20, 'payment_method_id': method_id})
    assert result.failed
    assert reason in result['msg'] and 'Nothing was ordered' in result['msg']
    assert checkout_posts(sim) == [] and sim.mutating_requests() == []
    assert order_count(sim) == 0


def test_unavailable_payment_mean_keeps_the_order_and_a_rerun_pays_it(checkout, sim, api):
    cart_id = prepare_cart(api, 'pay-mean.com')
    sim.clear_requests()
    failed = checkout({'cart_id': cart_id, 'max_price': 20, 'payment_mean': 'paypal', 'payment_mean_id': 102})
    assert failed.failed
    assert 'cannot be paid with payment_mean paypal' in failed['msg'] and 'creditCard' in failed['msg']
    order_id = failed['order']['order_id']
    assert failed['order']['url'] and order_count(sim) == 1
    assert not [r for r in sim.mutating_requests() if '/me/order/' in r['path']]
    sim.clear_requests()
    paid = checkout({'cart_id': cart_id, 'max_price': 20, 'payment_mean': 'creditCard', 'payment_mean_id': 101}, diff=True)
    assert not paid.failed, paid
    assert paid['changed'] is True and paid['order']['order_id'] == order_id and paid['order']['paid'] is True
    assert paid['diff'] == {'before': {'paid': False}, 'after': {'paid': True}}
    assert checkout_posts(sim) == []
    assert [r['path'].rsplit('/', 1)[-1] for r in sim.mutating_requests()] == ['payWithRegisteredPaymentMean']
    assert order_count(sim) == 1


def test_unpaid_order_paid_on_rerun_in_check_mode_predicts_only(checkout, sim, api):
    cart_id = prepare_cart(api, 'pay-later.com')
    assert checkout({'cart_id': cart_id, 'max_price': 20})['order']['paid'] is False
    sim.clear_requests()
    predicted = checkout({'cart_id': cart_id, 'max_price': 20, 'payment_method_id': 1}, check_mode=True)
    assert predicted['changed'] is True and predicted['order']['paid'] is False
    assert sim.mutating_requests() == []
    unpaid = checkout({'cart_id': cart_id, 'max_price': 20})
    assert unpaid['changed'] is False and any('not paid' in w for w in warnings_of(unpaid))


# -- money-safety pre-checks -------------------------------------------------------------------------
def test_open_order_for_a_domain_blocks_another_checkout(checkout, sim, api):
    first_cart = prepare_cart(api, 'twice.com', description='first')
    second_cart = prepare_cart(api, 'twice.com', 'other-name.com', description='second')
    first = checkout({'cart_id': first_cart, 'max_price': 20})
    sim.clear_requests()
    result = checkout({'cart_id': second_cart, 'max_price': 50})
    assert result.failed
    assert str(first['order']['order_id']) in result['msg'] and 'twice.com' in result['msg']
    assert result['open_orders'] == [first['order']['order_id']]
    assert checkout_posts(sim) == [] and order_count(sim) == 1


def test_cancelled_order_does_not_block(checkout, sim, api):
    first_cart = prepare_cart(api, 'retry-after-cancel.com', description='first')
    first = checkout({'cart_id': first_cart, 'max_price': 20})
    sim.control('POST', 'orders/%d/status' % first['order']['order_id'], {'status': 'cancelled'})
    second_cart = prepare_cart(api, 'retry-after-cancel.com', description='second')
    result = checkout({'cart_id': second_cart, 'max_price': 20})
    assert not result.failed, result
    assert result['order']['order_id'] != first['order']['order_id'] and order_count(sim) == 2


def test_domain_already_held_blocks_the_checkout(checkout, sim, api):
    cart_id = prepare_cart(api, 'held-already.com')
    sim.control('POST', 'domains', {'domain': 'held-already.com'})
    sim.clear_requests()
    result = checkout({'cart_id': cart_id, 'max_price': 20})
    assert result.failed
    assert 'held-already.com is already held' in result['msg']
    assert checkout_posts(sim) == [] and order_count(sim) == 0


def test_open_orders_since_looks_at_newer_orders_only_and_still_blocks_a_new_one(checkout, run_module, sim, api):
    scan = run_module('ovh_order_info', {'domains': ['since-scan.com'], 'open_only': True}, sim=sim)
    assert scan['orders'] == []
    sim.clear_requests()
    blocked_cart = prepare_cart(api, 'since-scan.com', description='blocked')
    other_cart = prepare_cart(api, 'since-scan.com', description='other')
    first = checkout({'cart_id': blocked_cart, 'max_price': 20, 'open_orders_since': scan['scanned_at']})
    assert not first.failed, first
    # A second cart naming the same domain: the order placed after the scan blocks it.
    second = checkout({'cart_id': other_cart, 'max_price': 20, 'open_orders_since': scan['scanned_at']})
    assert second.failed and str(first['order']['order_id']) in second['msg']
    # No GET /domain/{name}: the scan stands for it.
    assert not [request for request in sim.requests() if request['path'].startswith('/domain/')]
    assert order_count(sim) == 1


def test_open_orders_since_must_be_a_date(checkout, sim):
    result = checkout({'cart_id': 'c', 'max_price': 10, 'open_orders_since': 'yesterday'})
    assert result.failed and 'open_orders_since must be an ISO 8601 date and time' in result['msg']
    assert sim.requests() == []


# -- a checkout whose answer is lost -----------------------------------------------------------------
@pytest.mark.parametrize('status', [0, 500, 503, 400])
def test_failure_after_commit_reports_the_order_and_never_orders_twice(checkout, sim, api, status):
    cart_id = prepare_cart(api, 'dropped-%d.com' % status)
    sim.clear_requests()
    sim.add_fault(method='POST', path=r'^/order/cart/[^/]+/checkout$', status=status, after_commit=True)
    result = checkout({'cart_id': cart_id, 'max_price': 20, 'auto_pay': True})
    assert not result.failed, result
    assert result['changed'] is True
    assert len(checkout_posts(sim)) == 1
    orders = sim.state()['orders']
    assert len(orders) == 1 and result['order']['order_id'] == orders[0]['orderId']
    assert result['order']['paid'] is True
    assert any('No second checkout was sent' in w for w in warnings_of(result))
    sim.clear_requests()
    again = checkout({'cart_id': cart_id, 'max_price': 20, 'auto_pay': True})
    assert again['changed'] is False and again['order']['order_id'] == orders[0]['orderId']
    assert sim.mutating_requests() == [] and order_count(sim) == 1


def test_failure_after_commit_then_payment_pays_the_found_order(checkout, sim, api):
    cart_id = prepare_cart(api, 'dropped-then-paid.com')
    sim.add_fault(method='POST', path=r'^/order/cart/[^/]+/checkout$', status=0, after_commit=True)
    result = checkout({'cart_id': cart_id, 'max_price': 20, 'payment_method_id': 1})
    assert not result.failed, result
    assert result['order']['paid'] is True and order_count(sim) == 1
    assert len(checkout_posts(sim)) == 1


def test_failure_before_commit_is_reported_as_unknown_and_not_retried(checkout, sim, api):
    cart_id = prepare_cart(api, 'never-placed.com')
    sim.clear_requests()
    sim.add_fault(method='POST', path=r'^/order/cart/[^/]+/checkout$', status=0)
    result = checkout({'cart_id': cart_id, 'max_price': 20})
    assert result.failed
    assert 'No second checkout was sent' in result['msg'] and 'state of the order is unknown' in result['msg']
    assert 'still open' in result['msg'] and 'ovh_order_info' in result['msg']
    assert len(checkout_posts(sim)) == 1 and order_count(sim) == 0
    # Nothing was placed: with the fault gone, the next run checks out normally, once.
    retry = checkout({'cart_id': cart_id, 'max_price': 20})
    assert not retry.failed and retry['changed'] is True and order_count(sim) == 1


def test_read_only_cart_without_its_order_fails_without_posting(checkout, sim, api):
    cart_id = prepare_cart(api, 'lost-order.com')
    api.put(api_path('/order/cart/{}', cart_id), body={'expire': days_later(sim, 90)})
    assert not checkout({'cart_id': cart_id, 'max_price': 20}).failed
    sim.control('POST', 'clock', {'advance': 40 * 86400})   # the order is now older than the 30-day window
    sim.clear_requests()
    result = checkout({'cart_id': cart_id, 'max_price': 20})
    assert result.failed
    assert 'already checked out' in result['msg'] and 'not found' in result['msg']
    assert sim.mutating_requests() == [] and order_count(sim) == 1


# -- the price guard on its own ------------------------------------------------------------------------
QUOTE = {'with_tax': {'value': 12.59, 'currency': 'EUR'}, 'without_tax': {'value': 10.49, 'currency': 'EUR'}}


@pytest.mark.parametrize('basis, max_price, currency, problem', [
    ('with_tax', 12.59, None, None),
    ('with_tax', 12.58, None, 'the order would cost 12.59 EUR with tax, above max_price 12.58 EUR'),
    ('without_tax', 10.49, 'EUR', None),
    ('without_tax', 10, 'EUR', 'the order would cost 10.49 EUR without tax, above max_price 10 EUR'),
    ('with_tax', None, None, None),
    ('with_tax', 100, 'GBP', 'the quote is 12.59 EUR with tax, but currency is GBP'),
])
def test_price_problem(basis, max_price, currency, problem):
    assert order_utils.price_problem(QUOTE, basis, max_price, currency) == problem


def test_price_problem_without_a_total():
    assert order_utils.price_problem({}, 'with_tax', 10) == 'the quote has no with_tax total'
