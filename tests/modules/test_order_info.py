# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Decisions of ovh_order_info, run as Ansible runs it, against the simulator: what it reads, how it
waits, and how a wait ends."""

from __future__ import annotations

import pytest

from ansible_collections.ovhcloud.order.plugins.module_utils import _order as order_utils
from cart_helpers import prepare_cart
from deprecation_helpers import deprecations


@pytest.fixture
def info(run_module, sim):
    def run(args, simulator=None, **kwargs):
        return run_module('ovh_order_info', args, sim=simulator or sim, **kwargs)
    return run


def place_order(run_module, simulator, client, *domains, **options):
    """Check a prepared cart out with ovh_checkout; returns the order it reports."""
    cart_id = prepare_cart(client, *domains, description='order info test %s' % ' '.join(domains))
    result = run_module('ovh_checkout', dict({'cart_id': cart_id, 'allow_any_price': True}, **options), sim=simulator)
    assert not result.failed, result
    return result['order']


def set_status(simulator, order_id, status):
    simulator.control('POST', 'orders/%d/status' % order_id, {'status': status})


# -- options ---------------------------------------------------------------------------------------
@pytest.mark.parametrize('args, message', [
    ({}, 'one of the following is required: order_id, domain'),
    ({'order_id': 1, 'domain': 'example.com'}, 'mutually exclusive'),
    ({'domain': 'not a name'}, 'domain'),
    ({'order_id': 0}, 'order_id must be a positive'),
    ({'order_id': 1, 'order_window': 0}, 'order_window must be a positive'),
    ({'order_id': 1, 'since': 0}, 'since must be a positive'),
    ({'order_id': 1, 'wait_timeout': -1}, 'wait_timeout must be zero or a positive'),
    ({'order_id': 1, 'timeout': -1}, 'timeout must be zero or a positive'),
    ({'order_id': 1, 'timeout': True}, 'timeout must be a number'),
    ({'order_id': 1, 'poll_interval': 0}, 'poll_interval must be a positive'),
    ({'order_id': 1, 'wait_for': 'shipped'}, 'wait_for'),
])
def test_bad_options_fail_before_any_call(info, sim, args, message):
    result = info(args)
    assert result.failed
    assert message in result['msg']
    assert sim.requests() == []


def test_unknown_order_fails_saying_so(info, sim):
    result = info({'order_id': 123})
    assert result.failed and 'Order 123 does not exist' in result['msg']


# -- reading -----------------------------------------------------------------------------------------
@pytest.mark.parametrize('check_mode', [False, True])
def test_reads_an_unpaid_order_with_its_payment_means(info, run_module, sim, api, check_mode):
    order = place_order(run_module, sim, api, 'unpaid-info.com')
    sim.clear_requests()
    result = info({'order_id': order['order_id'], 'details': True}, check_mode=check_mode)
    assert not result.failed, result
    assert result['changed'] is False and result['polls'] == []
    [read] = result['orders']
    assert read['order_id'] == order['order_id'] and read['status'] == 'notPaid'
    assert read['paid'] is False and read['open'] is True
    assert read['payment_means'] == ['creditCard']
    assert read['date'] and read['expiration_date'] and read['url']
    assert read['prices']['with_tax']['value'] == 12.59 and read['prices']['with_tax']['currency'] == 'EUR'
    assert read['domains'] == ['unpaid-info.com']
    domain_line = read['details'][0]
    assert domain_line['domain'] == 'unpaid-info.com' and domain_line['quantity'] == 1
    assert domain_line['total_price']['value'] == 10.49 and 'unpaid-info.com' in domain_line['description']
    assert sim.mutating_requests() == []


def test_reads_the_orders_naming_a_domain_newest_first(info, run_module, sim, api):
    first = place_order(run_module, sim, api, 'Named-Twice.com')
    set_status(sim, first['order_id'], 'cancelled')
    place_order(run_module, sim, api, 'someone-else.com')
    second = place_order(run_module, sim, api, 'named-twice.com', auto_pay=True)
    result = info({'domain': 'NAMED-TWICE.com.'})
    assert not result.failed, result
    assert [o['order_id'] for o in result['orders']] == [second['order_id'], first['order_id']]
    assert [o['status'] for o in result['orders']] == ['checking', 'cancelled']
    assert [o['open'] for o in result['orders']] == [True, False]
    assert result['orders'][0]['payment_means'] is None and result['orders'][0]['paid'] is True
    assert info({'domain': 'never-ordered.com'})['orders'] == []


def test_order_window_limits_the_lookup(info, run_module, sim, api):
    place_order(run_module, sim, api, 'old-order.com')
    sim.control('POST', 'clock', {'advance': 10 * 86400})
    assert len(info({'domain': 'old-order.com', 'order_window': 11})['orders']) == 1
    assert info({'domain': 'old-order.com', 'order_window': 9})['orders'] == []


@pytest.mark.parametrize('name', ['order_window', 'since'])
def test_since_is_a_deprecated_alias_of_order_window(info, run_module, sim, api, name):
    place_order(run_module, sim, api, 'renamed-window.com')
    sim.control('POST', 'clock', {'advance': 10 * 86400})
    # 10 days old: outside a window of 9 days and inside one of 11, under either name.
    assert info({'domain': 'renamed-window.com', name: 9})['orders'] == []
    result = info({'domain': 'renamed-window.com', name: 11})
    assert not result.failed and len(result['orders']) == 1, result
    assert deprecations(result) == ([] if name == 'order_window' else [('since', '2.0.0')]), result


@pytest.mark.parametrize('name', ['wait_timeout', 'timeout'])
def test_timeout_is_a_deprecated_alias_of_wait_timeout(info, run_module, sim, api, name):
    order = place_order(run_module, sim, api, 'renamed-wait-%s.com' % name.replace('_', '-'), auto_pay=True)
    sim.tick(1)
    # A wait of 0 seconds ends at the first poll, under either name.
    result = info({'order_id': order['order_id'], 'wait_for': 'delivered', name: 0})
    assert result.failed and result['ended'] == 'timeout' and 'last status seen: delivering' in result['msg'], result
    assert deprecations(result) == ([] if name == 'wait_timeout' else [('timeout', '2.0.0')]), result


# -- waiting -----------------------------------------------------------------------------------------
@pytest.fixture
def advancing_sim(start_simulator):
    """A simulator that moves a paid order one step on each status poll."""
    return start_simulator('--advance-on-poll')


def test_wait_for_delivered_until_the_domain_exists(info, run_module, advancing_sim):
    client = advancing_sim.api_client()
    order = place_order(run_module, advancing_sim, client, 'wait-delivered.com', auto_pay=True)
    client.close()
    advancing_sim.clear_requests()
    result = info({'order_id': order['order_id'], 'wait_for': 'delivered', 'poll_interval': 0.1, 'wait_timeout': 60}, simulator=advancing_sim)
    assert not result.failed, result
    statuses = [poll['status'] for poll in result['polls']]
    assert statuses[-1] == 'delivered' and 'delivering' in statuses
    assert result['polls'][-1]['missing_domains'] == []
    assert result['orders'][0]['status'] == 'delivered' and result['orders'][0]['open'] is False
    assert 'wait-delivered.com' in [d['domain'] for d in advancing_sim.state()['domains']]
    assert advancing_sim.mutating_requests() == []


def test_wait_for_paid_ends_at_once_on_a_paid_order(info, run_module, sim, api):
    order = place_order(run_module, sim, api, 'wait-paid.com', payment_method_id=1)
    result = info({'order_id': order['order_id'], 'wait_for': 'paid', 'poll_interval': 5})
    assert not result.failed, result
    assert [poll['status'] for poll in result['polls']] == ['checking']


def test_wait_with_ticks_from_the_control_api(info, run_module, sim, api):
    order = place_order(run_module, sim, api, 'ticked.com', auto_pay=True)
    sim.tick(2)
    result = info({'domain': 'ticked.com', 'wait_for': 'delivered', 'poll_interval': 0.1, 'wait_timeout': 5})
    assert not result.failed, result
    assert result['orders'][0]['order_id'] == order['order_id'] and result['orders'][0]['status'] == 'delivered'


def test_an_unpaid_order_ends_the_wait_at_the_first_poll_saying_how_to_pay(info, run_module, sim, api):
    order = place_order(run_module, sim, api, 'never-paid.com')
    sim.clear_requests()
    result = info({'order_id': order['order_id'], 'wait_for': 'delivered', 'wait_timeout': 1800, 'poll_interval': 30})
    assert result.failed and result['ended'] == 'unpaid'
    assert result['msg'].startswith('Order %s is not paid and nothing is paying it, so it cannot become delivered' % order['order_id'])
    assert order['url'] in result['msg'] and 'payment_method_id' in result['msg'] and 'domain_order_auto_pay' in result['msg']
    assert [poll['status'] for poll in result['polls']] == ['notPaid']
    assert result['orders'][0]['order_id'] == order['order_id']
    assert len([request for request in sim.requests() if request['path'].endswith('/status')]) == 1


def test_an_unpaid_order_past_its_expiration_date_ends_the_wait_as_expired(info, run_module, sim, api):
    order = place_order(run_module, sim, api, 'lapsed-order.com')
    sim.control('POST', 'clock', {'advance': 40 * 86400})
    result = info({'order_id': order['order_id'], 'wait_for': 'paid'})
    assert result.failed and result['ended'] == 'expired'
    assert 'expired unpaid on' in result['msg'] and 'it will never be paid' in result['msg']


def test_timeout_names_the_last_status(info, run_module, sim, api):
    order = place_order(run_module, sim, api, 'slow-delivery.com', auto_pay=True)
    sim.tick(1)
    result = info({'order_id': order['order_id'], 'wait_for': 'delivered', 'wait_timeout': 0})
    assert result.failed and 'last status seen: delivering' in result['msg']


@pytest.mark.parametrize('status, advice', [
    ('cancelled', 'was cancelled'),
    ('cancelling', 'is being cancelled'),
    ('documentsRequested', 'asks for documents'),
])
def test_terminal_statuses_end_the_wait_with_advice(info, run_module, sim, api, status, advice):
    order = place_order(run_module, sim, api, 'stopped-%s.com' % status.lower(), auto_pay=True)
    set_status(sim, order['order_id'], status)
    result = info({'order_id': order['order_id'], 'wait_for': 'delivered', 'poll_interval': 0.1, 'wait_timeout': 30})
    assert result.failed
    assert advice in result['msg'] and str(order['order_id']) in result['msg']
    assert [poll['status'] for poll in result['polls']] == [status]


def test_delivered_order_whose_domain_is_missing_keeps_waiting(info, run_module, sim, api):
    order = place_order(run_module, sim, api, 'not-yet-visible.com', auto_pay=True)
    set_status(sim, order['order_id'], 'delivered')
    sim.control('DELETE', 'domains/not-yet-visible.com')
    result = info({'order_id': order['order_id'], 'wait_for': 'delivered', 'wait_timeout': 1, 'poll_interval': 0.3})
    assert result.failed
    assert 'not-yet-visible.com is not yet in GET /domain' in result['msg']
    assert result['polls'][-1] == dict(result['polls'][-1], status='delivered', missing_domains=['not-yet-visible.com'])
    # wait_for=paid is satisfied by the same order
    assert not info({'order_id': order['order_id'], 'wait_for': 'paid'}).failed


def test_waiting_on_a_domain_without_orders_fails(info, sim):
    result = info({'domain': 'nothing-ordered.com', 'wait_for': 'paid'})
    assert result.failed and 'nothing to wait for' in result['msg']


# -- the waiting loop on its own (no HTTP, a fake clock) --------------------------------------------
class FakeReader:
    """Statuses served one per poll (the last one repeats), and fixed domains."""

    def __init__(self, statuses, domains=('example.com',)):
        self.statuses = list(statuses)
        self._domains = set(domains)

    def status(self, order_id):
        return self.statuses.pop(0) if len(self.statuses) > 1 else self.statuses[0]

    def domains(self, order_id):
        return set(self._domains)

    now = None

    def order(self, order_id):
        return {'url': 'https://example.net/order/%s' % order_id}


class FakeClock:
    def __init__(self):
        self.now = 100.0
        self.sleeps = []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds


def test_wait_polls_at_the_interval_until_delivered_and_visible():
    clock = FakeClock()
    visible = iter([[], ['other.com'], ['example.com', 'other.com']])
    outcome = order_utils.wait_for_order(FakeReader(['checking', 'delivering', 'delivered']), 7, 'delivered', 600, 30,
                                         list_domains=lambda: next(visible), sleep=clock.sleep, clock=clock)
    assert outcome.ok and outcome.text() is None and outcome.ended is None
    polls = outcome.polls
    assert [poll['status'] for poll in polls] == ['checking', 'delivering', 'delivered', 'delivered', 'delivered']
    assert [poll.get('missing_domains') for poll in polls[2:]] == [['example.com'], ['example.com'], []]
    assert clock.sleeps == [30] * 4 and polls[-1]['elapsed'] == 120


def test_wait_never_sleeps_past_the_timeout():
    clock = FakeClock()
    outcome = order_utils.wait_for_order(FakeReader(['checking']), 7, 'delivered', 50, 30, sleep=clock.sleep, clock=clock)
    assert not outcome.ok and outcome.ended == 'timeout' and clock.sleeps == [30, 20] and len(outcome.polls) == 3
    assert outcome.message == 'Timed out after 50s waiting for order 7 to be delivered; last status seen: checking.'
    assert outcome.advice == 'OVHcloud is still processing it; wait again with a longer timeout.'


def test_an_unpaid_order_stops_the_wait_before_any_sleep():
    clock = FakeClock()
    outcome = order_utils.wait_for_order(FakeReader(['notPaid']), 7, 'paid', 1800, 30, sleep=clock.sleep, clock=clock,
                                         unpaid_advice='Pay it at {url} (order {id}).')
    assert (outcome.ok, outcome.ended, clock.sleeps, len(outcome.polls)) == (False, 'unpaid', [], 1)
    assert outcome.advice == 'Pay it at https://example.net/order/7 (order 7).'


@pytest.mark.parametrize('status, expected', [
    ('delivered', 'delivered'), ('cancelled', 'cancelled'), ('cancelling', 'cancelled'), ('checking', 'open'),
    ('delivering', 'open'), ('documentsRequested', 'open'), ('unknown', 'open'), (None, 'open'),
])
def test_classify(status, expected):
    assert order_utils.classify(status) == expected


def test_an_unpaid_order_past_its_expiration_date_is_expired():
    assert order_utils.classify('notPaid', '2020-01-01T00:00:00+01:00') == 'expired'
    assert order_utils.classify('notPaid', '2999-01-01T00:00:00Z') == 'open'
    assert order_utils.classify('checking', '2020-01-01T00:00:00+01:00') == 'open'


# -- several domains, open orders, cost ------------------------------------------------------------
def test_domains_scans_the_account_once_for_the_open_orders_of_several_names(info, run_module, sim, api):
    unpaid = place_order(run_module, sim, api, 'scan-a.com')
    delivered = place_order(run_module, sim, api, 'scan-b.com')
    set_status(sim, delivered['order_id'], 'delivered')
    place_order(run_module, sim, api, 'scan-elsewhere.com')
    sim.clear_requests()
    everything = info({'domains': ['scan-a.com', 'scan-b.com']})
    assert [order['order_id'] for order in everything['orders']] == [delivered['order_id'], unpaid['order_id']]
    sim.clear_requests()
    open_only = info({'domains': ['scan-a.com', 'scan-b.com'], 'open_only': True})
    assert [order['order_id'] for order in open_only['orders']] == [unpaid['order_id']]
    assert open_only['scanned_at']
    # The delivered order is ruled out by its status alone: its detail lines are never read.
    assert not [request for request in sim.requests() if request['path'].startswith('/me/order/%d/details' % delivered['order_id'])]


def test_an_order_by_id_costs_the_order_and_its_status_unless_details_are_asked(info, run_module, sim, api):
    order = place_order(run_module, sim, api, 'cheap-read.com')
    sim.clear_requests()
    result = info({'order_id': order['order_id']})
    assert not result.failed, result
    [read] = result['orders']
    assert read['status'] == 'notPaid' and read['url'] and read['details'] is None and read['domains'] is None
    assert sorted(request['path'] for request in sim.requests()) == ['/auth/time', '/me/order/%d' % order['order_id'],
                                                                     '/me/order/%d/status' % order['order_id']]
    assert result['api_calls'] == 3
