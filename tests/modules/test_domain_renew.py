# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""ovh_domain_renew: renewals on request, in one cart and one order, under the order's money guards;
never by accident (a rerun, a domain not due or listed without a duration renews nothing)."""

from __future__ import annotations

import datetime
import threading

import pytest

TWENTY = [{'domain': 'renew-%02d.%s' % (number, ('com', 'fr', 'net', 'org')[number % 4]), 'expiresInDays': 5 + number * 2}
          for number in range(20)]
GUARDS = {'max_price': 1000, 'auto_pay': True, 'waive_retractation_period': True}


def seed(sim, domains):
    sim.control('POST', 'portfolio', {'domains': domains})


def expiries(sim):
    return {entry['domain']: entry['expirationDate'][:10] for entry in sim.state()['domains']}


def renewal_posts(sim):
    return [r for r in sim.mutating_requests() if r['path'].startswith('/order/cartServiceOption/') or r['path'].endswith('/checkout')]


def test_twenty_domains_priced_then_renewed_in_one_order_then_reruns_renew_nothing(run_module, sim):
    seed(sim, TWENTY + [{'domain': 'held-long.com', 'expiresInDays': 500}, {'domain': 'not-listed.com', 'expiresInDays': 3}])
    args = dict(GUARDS, duration='P1Y', domains=[{'name': entry['domain']} for entry in TWENTY] + [{'name': 'held-long.com'}])
    before = expiries(sim)

    checked = run_module('ovh_domain_renew', args, sim=sim, check_mode=True, diff=True)
    assert not checked.failed, checked
    assert checked['changed'] is True and checked['order'] is None and checked['cart'] is None
    records = {record['domain']: record for record in checked['domains']}
    assert [records[entry['domain']]['outcome'] for entry in TWENTY] == ['would_renew'] * 20
    first = records['renew-00.com']
    expected = datetime.date.fromisoformat(before['renew-00.com'])
    assert first['expiration_date'] == expected.isoformat()
    assert first['new_expiration_date'] == expected.replace(year=expected.year + 1).isoformat()
    assert first['price'] == 13.99 and first['price_with_tax'] == 16.79 and first['currency'] == 'EUR'
    assert records['held-long.com']['outcome'] == 'not_due' and 'already held for P1Y' in records['held-long.com']['reason']
    assert checked['diff']['after']['expiration_dates']['renew-00.com'] == first['new_expiration_date']
    assert sim.state()['carts'] == [] and sim.state()['orders'] == []
    assert not [r for r in sim.mutating_requests() if r['path'].endswith('/checkout')]
    assert 'Check mode, nothing was renewed: 21 domain(s), 20 to renew' in checked['summary'][0]

    sim.clear_requests()
    renewed = run_module('ovh_domain_renew', args, sim=sim, diff=True)
    assert not renewed.failed, renewed
    assert renewed['changed'] is True
    orders = sim.state()['orders']
    assert len(orders) == 1 and sorted(orders[0]['domains']) == sorted(entry['domain'] for entry in TWENTY)
    assert orders[0]['autoPayWithPreferredPaymentMethod'] is True and orders[0]['waiveRetractationPeriod'] is True
    assert renewed['order']['order_id'] == orders[0]['orderId'] and renewed['order']['paid'] is True
    # Check mode's price is the order's.
    assert renewed['quote']['with_tax'] == checked['quote']['with_tax'] == renewed['order']['prices']['with_tax']
    assert orders[0]['prices']['withTax'] == checked['quote']['with_tax']['value']
    assert [record['outcome'] for record in renewed['domains']] == ['renewed'] * 20 + ['not_due']
    posts = renewal_posts(sim)
    assert len([r for r in posts if r['path'].startswith('/order/cartServiceOption/')]) == 20
    assert [r['method'] for r in posts if r['path'].endswith('/checkout')] == ['POST']
    assert not [r for r in posts if 'held-long' in r['path'] or 'not-listed' in r['path']]
    assert [r['path'] for r in sim.mutating_requests() if r['path'] == '/order/cart'] == ['/order/cart']  # one cart

    # A rerun before the delivery: the open order shows the renewal, nothing is sent.
    sim.clear_requests()
    pending = run_module('ovh_domain_renew', args, sim=sim)
    assert pending['changed'] is False and sim.mutating_requests() == []
    assert {record['outcome'] for record in pending['domains'][:20]} == {'renewal_pending'}
    assert pending['domains'][0]['order_id'] == orders[0]['orderId']

    # Delivered: the expiry dates moved a year; a rerun finds nothing due, and reads no order.
    sim.tick(2)
    after = expiries(sim)
    assert after['renew-00.com'] == first['new_expiration_date'] and after['held-long.com'] == before['held-long.com']
    assert after['not-listed.com'] == before['not-listed.com']
    sim.clear_requests()
    rerun = run_module('ovh_domain_renew', args, sim=sim)
    assert rerun['changed'] is False and sim.mutating_requests() == []
    assert {record['outcome'] for record in rerun['domains']} == {'not_due'}
    assert not [r for r in sim.requests() if r['path'].startswith('/me/order')]


def test_the_window_keeps_what_is_due_and_max_price_refuses_leaving_no_order_and_no_cart(run_module, sim):
    seed(sim, [{'domain': 'soon.com', 'expiresInDays': 10}, {'domain': 'later.com', 'expiresInDays': 60},
               {'domain': 'premium-gem.net', 'expiresInDays': 20}])
    domains = [{'name': 'soon.com'}, {'name': 'later.com'}, {'name': 'premium-gem.net'}]
    scheduled = run_module('ovh_domain_renew', dict(GUARDS, max_price=4000, duration='P1Y', renew_if_expires_within=30, domains=domains),
                           sim=sim, check_mode=True)
    assert [record['outcome'] for record in scheduled['domains']] == ['would_renew', 'not_due', 'would_renew']
    assert 'more than 30 days away' in scheduled['domains'][1]['reason']
    assert scheduled['quote']['with_tax']['value'] == pytest.approx((13.99 + 2500) * 1.2, abs=0.01)

    sim.clear_requests()
    refused = run_module('ovh_domain_renew', dict(GUARDS, max_price=100, duration='P1Y', renew_if_expires_within=30, domains=domains), sim=sim)
    assert refused.failed and 'above max_price 100' in refused['msg'] and 'nothing was ordered' in refused['msg'].lower()
    assert sim.state()['orders'] == [] and sim.state()['carts'] == []
    assert [r['method'] for r in renewal_posts(sim)] == ['POST', 'POST']  # the two renewals, never the checkout
    assert [record['domain'] for record in refused['domains'] if record['outcome'] == 'due'] == ['soon.com', 'premium-gem.net']


def test_a_connection_dropped_after_the_checkout_then_a_rerun_gives_one_order(run_module, sim):
    seed(sim, [{'domain': 'fragile.com', 'expiresInDays': 15}, {'domain': 'fragile.fr', 'expiresInDays': 25}])
    args = {'duration': 'P2Y', 'domains': [{'name': 'fragile.com'}, {'name': 'fragile.fr', 'duration': 'P1Y'}], 'max_price': 100}
    sim.add_fault(method='POST', path='/checkout$', status=0, after_commit=True)
    first = run_module('ovh_domain_renew', args, sim=sim)
    assert not first.failed, first
    assert 'No second checkout was sent' in str(first['warnings'])
    orders = sim.state()['orders']
    assert len(orders) == 1 and first['order']['order_id'] == orders[0]['orderId'] and orders[0]['status'] == 'notPaid'
    assert orders[0]['prices']['withoutTax'] == pytest.approx(2 * 13.99 + 9.99)

    sim.clear_requests()
    rerun = run_module('ovh_domain_renew', args, sim=sim)
    assert not rerun.failed and rerun['changed'] is False
    assert [record['outcome'] for record in rerun['domains']] == ['renewal_pending', 'renewal_pending']
    assert sim.mutating_requests() == [] and len(sim.state()['orders']) == 1


def test_bad_inputs_are_refused_before_any_mutating_call(run_module, sim):
    seed(sim, [{'domain': 'fine.com', 'expiresInDays': 20}, {'domain': 'short.de', 'expiresInDays': 20},
               {'domain': 'lapsed.com', 'expiresInDays': -2}, {'domain': 'leaving.net', 'expiresInDays': 20, 'renewal': 'deleteAtExpiration'}])
    cases = (
        ({'domains': [{'name': 'fine.com'}, {'name': 'not-mine.com'}]}, 'domains[1].name: the account does not hold not-mine.com'),
        ({'domains': [{'name': 'short.de', 'duration': 'P2Y'}]}, 'domains[0].duration: OVHcloud renews short.de for P1Y only, not P2Y'),
        ({'domains': [{'name': 'fine.com'}], 'renew_if_expires_within': -1}, 'renew_if_expires_within must be a number of days, 0 or more'),
        ({'domains': [{'name': 'fine.com'}], 'renew_if_expires_within': 400}, 'renew_if_expires_within (400 days) is longer than'),
        ({'domains': [{'name': 'fine.com'}, {'name': 'short.de'}], 'duration': None}, 'domains[0] (fine.com) names no duration'),
        ({'domains': [{'name': 'fine..com'}]}, 'domains[0].name'),
        ({'domains': [{'name': 'fine.com'}, {'name': 'FINE.com.'}]}, 'listed twice'),
        ({'domains': [{'name': 'lapsed.com'}]}, 'lapsed.com expired on'),
        ({'domains': [{'name': 'leaving.net'}]}, 'OVHcloud offers no renewal for leaving.net'),
        ({'domains': [{'name': 'fine.com'}], 'max_price': None}, 'max_price is required'),
        ({'domains': [{'name': 'fine.com'}], 'auto_pay': True, 'payment_method_id': 1}, 'auto_pay and payment_method_id'),
    )
    for extra, message in cases:
        args = dict({'duration': 'P1Y', 'max_price': 100}, **extra)
        args = {key: value for key, value in args.items() if value is not None}
        result = run_module('ovh_domain_renew', args, sim=sim)
        assert result.failed and message in result['msg'], (extra, result)
    assert sim.mutating_requests() == []


def test_two_renewals_of_the_same_domains_at_once_renew_each_once(run_module, start_simulator):
    # Two pipelines renewing at once: their carts are claims (see _claim), so one of them renews.
    slow = start_simulator('--latency-ms', '100')
    seed(slow, [{'domain': 'twice-a.com', 'expiresInDays': 20}, {'domain': 'twice-b.fr', 'expiresInDays': 30}])
    args = dict(GUARDS, duration='P1Y', domains=[{'name': 'twice-a.com'}, {'name': 'twice-b.fr'}])
    results = []
    threads = [threading.Thread(target=lambda: results.append(run_module('ovh_domain_renew', args, sim=slow))) for _run in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [result.failed for result in results] == [False, False], results
    [order] = slow.state()['orders']
    assert sorted(order['domains']) == ['twice-a.com', 'twice-b.fr']
    outcomes = sorted(tuple(sorted({record['outcome'] for record in result['domains']})) for result in results)
    assert outcomes == [('renewal_pending',), ('renewed',)]
    assert slow.state()['carts'] == [[cart for cart in slow.state()['carts'] if cart['readOnly']][0]]
