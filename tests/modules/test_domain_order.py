# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""ovh_domain_order run as a module process (as on a remote host), against the simulator: what it
sends (the request log), what it leaves (the simulator's state) and what it reports."""

from __future__ import annotations

import pytest

from deprecation_helpers import deprecations

ORDER = {'max_price': 100, 'owner_legal_age': True, 'auto_pay': True, 'waive_retractation_period': True}


@pytest.fixture
def domain_order(run_module, sim):
    def run(domains, simulator=None, **options):
        args = dict(ORDER, domains=[domain if isinstance(domain, dict) else {'name': domain} for domain in domains])
        args.update(options)
        check_mode = args.pop('check_mode', False)
        diff = args.pop('diff', False)
        return run_module('ovh_domain_order', args, sim=simulator or sim, check_mode=check_mode, diff=diff)
    return run


def writes(sim) -> list:
    return ['%s %s' % (request['method'], request['path']) for request in sim.mutating_requests()]


def by_domain(result) -> dict:
    return {record['domain']: record for record in result['domains']}


def test_check_mode_plans_and_prices_for_the_whole_duration_and_leaves_nothing(domain_order, sim):
    result = domain_order(['plan-one.com', {'name': 'plan-two.fr', 'duration': 'P2Y'}], check_mode=True, diff=True)
    assert not result.failed, result
    assert result['changed'] is True and result['order'] is None
    records = by_domain(result)
    assert [records[name]['outcome'] for name in ('plan-one.com', 'plan-two.fr')] == ['would_order', 'would_order']
    # .fr: 6.99 the first year (less a 2.00 discount), 9.99 the second; .com: 10.49. Tax 20 %.
    assert (records['plan-two.fr']['price'], records['plan-two.fr']['duration']) == (14.98, 'P2Y')
    assert records['plan-one.com']['price'] == 10.49
    assert round(records['plan-one.com']['price_with_tax'] + records['plan-two.fr']['price_with_tax'], 2) == 30.56
    assert result['quote']['with_tax']['value'] == 30.56
    assert result['diff']['after']['order']['domains'] == {
        'plan-one.com': 'would_order P1Y create-default, 10.49 EUR without tax, 12.59 EUR with tax',
        'plan-two.fr': 'would_order P2Y create-default, 14.98 EUR without tax, 17.97 EUR with tax'}
    assert result['diff']['after']['order']['total'] == '30.56 EUR with tax (25.47 EUR without)'
    assert result['diff']['after']['order']['max_price'] == '100.0 (with tax), headroom 69.44 EUR'
    state = sim.state()
    assert state['carts'] == [] and state['orders'] == []
    assert [request['method'] for request in sim.requests() if request['path'].endswith('/checkout')] == ['GET']


def test_the_diff_names_an_internationalised_domain_with_the_ascii_name_ordered(domain_order, sim):
    """Ansible's diff escapes non-ASCII letters (``stra\\u00dfe.de``): the ASCII name beside it says
    which name is bought (IDNA 2008: not strasse.de)."""
    line = 'would_order P1Y create-default, 4.99 EUR without tax, 5.99 EUR with tax'
    checked = domain_order(['straße.de'], check_mode=True, diff=True)
    assert not checked.failed, checked
    assert checked['diff']['after']['order']['domains'] == {'straße.de (xn--strae-oqa.de)': line}
    assert sim.state()['carts'] == [] and sim.state()['orders'] == []  # the dry run's cart is gone
    ordered = domain_order(['straße.de'], diff=True)
    assert not ordered.failed, ordered
    assert ordered['diff']['after']['order']['domains'] == {'straße.de (xn--strae-oqa.de)': line.replace('would_order', 'ordered')}
    assert [order['domains'] for order in sim.state()['orders']] == [['xn--strae-oqa.de']]
    sim.clear_requests()
    again = domain_order(['straße.de'], diff=True)
    assert not again.failed and again['changed'] is False, again
    assert again['diff']['before'] == again['diff']['after'] and writes(sim) == []


def test_an_order_then_a_rerun_that_sends_no_write(domain_order, sim):
    first = domain_order(['bulk-a.com', 'bulk-b.net', 'bulk-c.org'])
    assert not first.failed, first
    assert first['changed'] is True
    order_id = first['order']['order_id']
    assert {record['outcome'] for record in first['domains']} == {'ordered'}
    assert {record['order_id'] for record in first['domains']} == {order_id}
    assert by_domain(first)['bulk-b.net']['price'] == 12.99
    state = sim.state()
    assert len(state['carts']) == 1 and len(state['orders']) == 1
    assert sorted(state['orders'][0]['domains']) == ['bulk-a.com', 'bulk-b.net', 'bulk-c.org']
    # One cart created and assigned, one item and one configuration per domain, one checkout.
    assert sorted(writes(sim)) == sorted(
        ['POST /order/cart', 'POST /order/cart/%s/assign' % first['cart']['cart_id']]
        + ['POST /order/cart/%s/domain' % first['cart']['cart_id']] * 3
        + ['POST /order/cart/%s/item/%d/configuration' % (first['cart']['cart_id'], item) for item in [entry['itemId'] for entry in state['carts'][0]['items']]]
        + ['POST /order/cart/%s/checkout' % first['cart']['cart_id']])

    sim.clear_requests()
    again = domain_order(['bulk-a.com', 'bulk-b.net', 'bulk-c.org'])
    assert not again.failed, again
    assert again['changed'] is False and again['order'] is None
    assert {record['outcome'] for record in again['domains']} == {'order_pending'}
    assert writes(sim) == []
    assert len(sim.state()['orders']) == 1


def test_a_refused_domain_stops_the_order_and_leaves_no_cart(domain_order, sim):
    result = domain_order(['fine-name.com', 'premium-name.com'])
    assert result.failed
    assert 'Nothing was ordered' in result['msg'] and 'premium-name.com is a premium name' in result['msg'] and 'allow_premium=true' in result['msg']
    assert {record['domain']: record['outcome'] for record in result['domains']} == {'fine-name.com': 'would_order', 'premium-name.com': 'refused'}
    assert sim.state()['carts'] == [] and sim.state()['orders'] == []
    assert not [request for request in sim.requests() if request['method'] == 'POST' and request['path'].endswith('/domain')]


def test_the_price_limit_applies_to_the_whole_duration_before_any_checkout(domain_order, sim):
    result = domain_order([{'name': 'long-stay.fr', 'duration': 'P2Y'}], max_price=10, price_basis='without_tax', name_prefix='domain_order_')
    assert result.failed
    assert 'cost 14.98 EUR without tax (long-stay.fr 14.98 EUR for P2Y), above domain_order_max_price 10' in result['msg']
    assert sim.state()['carts'] == [] and sim.state()['orders'] == []


def test_a_refused_checkout_deletes_the_runs_own_cart_and_a_rerun_orders_once(domain_order, sim):
    sim.add_fault(method='POST', path=r'/checkout$', status=400, times=1)
    failed = domain_order(['refused-once.com'])
    assert failed.failed and 'check out cart' in failed['msg']
    # Refused (a 400 places no order): the run's own cart is deleted; nothing of the run is left.
    assert sim.state()['carts'] == [] and sim.state()['orders'] == []
    [created] = [request for request in sim.requests() if request['method'] == 'POST' and request['path'] == '/order/cart']
    assert created['body']['description'] == 'ovhcloud.order claim 1 open refused-once.com'
    again = domain_order(['refused-once.com'])
    assert not again.failed, again
    assert again['cart']['description'] == 'ovhcloud.order claim 1 open refused-once.com'
    assert len(sim.state()['orders']) == 1


def test_an_open_order_found_by_the_scan_is_waited_for_not_ordered_again(domain_order, start_simulator):
    fast = start_simulator('--advance-on-poll')
    first = domain_order(['wait-later.com'], simulator=fast)
    assert not first.failed, first
    fast.clear_requests()
    waited = domain_order(['wait-later.com'], simulator=fast, wait_for='delivered', poll_interval=0, wait_timeout=30)
    assert not waited.failed, waited
    [record] = waited['domains']
    assert record['outcome'] == 'delivered' and record['order_id'] == first['order']['order_id']
    assert [poll['status'] for poll in waited['polls'][str(record['order_id'])]][-1] == 'delivered'
    assert writes(fast) == []
    assert 'wait-later.com' in [entry['domain'] for entry in fast.state()['domains']]


def test_the_order_window_limits_the_scan(domain_order, sim):
    assert not domain_order(['old-window.com'], auto_pay=False).failed
    sim.control('POST', 'clock', {'advance': 5 * 86400})
    sim.clear_requests()
    # An unpaid order from 5 days ago: found with a window of 30 days, not of 3 (which orders again).
    assert domain_order(['old-window.com'], auto_pay=False, check_mode=True)['domains'][0]['outcome'] == 'order_pending'
    new = domain_order(['old-window.com'], auto_pay=False, check_mode=True, order_window=3)
    assert new['domains'][0]['outcome'] == 'would_order' and deprecations(new) == [], new
    # open_order_window, its name until 1.x, still works, with a deprecation warning (removed in 2.0.0).
    old = domain_order(['old-window.com'], auto_pay=False, check_mode=True, open_order_window=3)
    assert old['domains'][0]['outcome'] == 'would_order', old
    assert deprecations(old) == [('open_order_window', '2.0.0')], old


@pytest.mark.parametrize('name', ['order_window', 'open_order_window'])
def test_a_bad_window_is_named_as_written(domain_order, sim, name):
    result = domain_order(['input.com'], **{name: 0})
    assert result.failed and result['msg'].startswith('%s must be 1 or more' % name), result
    assert sim.requests() == []


@pytest.mark.parametrize('options, message', [
    ({'max_price': float('nan')}, 'domain_order_max_price must be a finite number'),
    ({'max_price': float('inf')}, 'domain_order_max_price must be a finite number'),
    ({'max_price': None}, 'domain_order_max_price is required'),
    ({'wait_timeout': -5}, 'domain_order_wait_timeout must not be negative'),
    ({'poll_interval': -1}, 'domain_order_poll_interval must not be negative'),
    ({'order_window': 0}, 'domain_order_open_order_window must be 1 or more'),
    ({'order_window': True}, 'domain_order_open_order_window must be a number'),
    ({'domains': [{'name': 'x.com', 'configurations': {'NOT_A_LABEL': 'x'}}]}, 'domain_order_domains[0].configurations: NOT_A_LABEL'),
    ({'ovh_subsidiary': 'ZZ'}, 'domain_order_ovh_subsidiary must be one of'),
])
def test_bad_input_fails_before_any_call_naming_the_variable(domain_order, sim, options, message):
    domains = options.pop('domains', ['input.com'])
    result = domain_order(domains, name_prefix='domain_order_', **options)
    assert result.failed and message in result['msg'], result
    assert sim.requests() == []


def test_a_checkout_whose_outcome_is_unknown_still_reports_every_domain(domain_order, sim):
    sim.add_fault(method='POST', path=r'/checkout$', status=503, times=-1)
    result = domain_order(['unknown-fate.com', 'unknown-fate.fr'])
    assert result.failed and 'No second checkout was sent' in result['msg']
    assert {record['outcome'] for record in result['domains']} == {'unknown'}
    assert {record['price'] for record in result['domains']} == {10.49, 4.99}
    assert result['summary'][0].endswith('2 in a checkout whose outcome is unknown.')
    assert sim.state()['orders'] == []
