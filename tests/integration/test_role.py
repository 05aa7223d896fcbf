# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The domain_order role through playbooks/order_domain.yml, against the simulator: what it sends
(the request log) and what it leaves (the simulator's state)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playbook_helpers import role_variables, run_saving_result

REPO_ROOT = Path(__file__).resolve().parents[2]
ORDER_PLAYBOOK = REPO_ROOT / 'playbooks' / 'order_domain.yml'
STATUS_PLAYBOOK = REPO_ROOT / 'playbooks' / 'order_status.yml'
TRANSFER_CODE = 'SIM-AUTH-OK'


def order_vars(*domains, **overrides):
    return role_variables(domains, **overrides)


def result_of(run) -> dict:
    """domain_order_result, by domain (saved by the wrapper play after the role's play)."""
    assert run.result is not None, 'the playbook stopped before domain_order_result was saved\n%r' % run
    return {entry['domain']: entry for entry in run.result}


def changed_of(run) -> int:
    recap = re.search(r'^localhost\s+: ok=\d+\s+changed=(\d+)', run.stdout, re.MULTILINE)
    assert recap, run
    return int(recap.group(1))


def summary_has(run, pattern) -> bool:
    """Whether a line of the role's summary (the user's view, default callback) matches ``pattern``."""
    return re.search(pattern, run.stdout) is not None


def writes(sim) -> list:
    return ['%s %s' % (request['method'], request['path']) for request in sim.mutating_requests()]


def orders_of(state) -> list:
    return state['orders']


def owned(state) -> set:
    return {record['domain'] for record in state['domains']}


def order_domains(order) -> set:
    return set(order['domains'])


# The playbook users run (SAVE_RESULT_PLAY follows it).
WRAPPER = """
- name: The playbook under test
  ansible.builtin.import_playbook: {playbook}
"""


@pytest.fixture
def order(run_playbook, tmp_path):
    """Run playbooks/order_domain.yml with these variables against ``sim`` (default callback)."""
    counter = [0]

    def run(sim, variables, **kwargs):
        counter[0] += 1
        result_file = tmp_path / ('domain_order_result_%d.json' % counter[0])
        return run_saving_result(run_playbook, WRAPPER.format(playbook=ORDER_PLAYBOOK), result_file, sim, variables, **kwargs)

    return run


# -- the whole order, and the rerun ---------------------------------------------------------------
def test_two_domains_are_ordered_delivered_and_a_rerun_changes_nothing(order, fast_sim):
    variables = order_vars('role-first.com', {'name': 'role-first.fr', 'duration': 'P2Y'})
    first = order(fast_sim, variables)
    assert first.rc == 0, first
    result = result_of(first)
    assert [entry['outcome'] for entry in result.values()] == ['delivered', 'delivered']
    order_ids = {entry['order_id'] for entry in result.values()}
    assert len(order_ids) == 1 and None not in order_ids
    assert result['role-first.com']['price'] == pytest.approx(10.49)
    assert result['role-first.com']['currency'] == 'EUR'
    assert result['role-first.com']['url']
    assert summary_has(first, r'role-first\.com +delivered +order %d +10\.49 EUR' % order_ids.pop())

    state = fast_sim.state()
    assert len(state['orders']) == 1
    assert orders_of(state)[0]['status'] == 'delivered'
    assert {'role-first.com', 'role-first.fr'} <= owned(state)

    fast_sim.clear_requests()
    second = order(fast_sim, variables)
    assert second.rc == 0, second
    assert changed_of(second) == 0
    assert writes(fast_sim) == []
    assert {entry['outcome'] for entry in result_of(second).values()} == {'already_owned'}
    assert len(fast_sim.state()['orders']) == 1


def test_five_domains_end_in_one_cart_and_one_order(order, fast_sim):
    names = ['five-%d.%s' % (number, tld) for number, tld in enumerate(('com', 'fr', 'net', 'org', 'eu'))]
    run = order(fast_sim, order_vars(*names))
    assert run.rc == 0, run
    state = fast_sim.state()
    assert len(state['carts']) == 1
    assert len(state['orders']) == 1
    assert order_domains(orders_of(state)[0]) == set(names)
    assert len({entry['order_id'] for entry in result_of(run).values()}) == 1
    cart_posts = [request for request in fast_sim.mutating_requests() if request['method'] == 'POST' and request['path'] == '/order/cart']
    # One cart: the offers are read through the order's own cart, not a temporary one.
    assert len(cart_posts) == 1


def test_a_name_and_its_idna_2003_lookalike_are_two_domains_ordered_together(order, fast_sim):
    # IDNA 2008 (non-transitional): straße.de is xn--strae-oqa.de, not strasse.de (IDNA 2003's answer).
    run = order(fast_sim, order_vars('straße.de', 'strasse.de'))
    assert run.rc == 0, run
    result = result_of(run)
    assert {name: (entry['domain_unicode'], entry['outcome']) for name, entry in result.items()} == {
        'xn--strae-oqa.de': ('straße.de', 'delivered'), 'strasse.de': ('strasse.de', 'delivered')}
    state = fast_sim.state()
    assert order_domains(orders_of(state)[0]) == {'xn--strae-oqa.de', 'strasse.de'}
    assert {'xn--strae-oqa.de', 'strasse.de'} <= owned(state)
    assert summary_has(run, r'straße\.de \(xn--strae-oqa\.de\) +delivered')
    added = sorted(request['body']['domain'] for request in fast_sim.requests()
                   if request['method'] == 'POST' and request['path'].endswith('/domain'))
    assert added == ['strasse.de', 'xn--strae-oqa.de']


def test_an_unpaid_order_is_reported_with_its_url_and_not_waited_for(order, sim):
    run = order(sim, order_vars('unpaid-order.com', domain_order_auto_pay=False))
    assert run.rc == 0, run
    entry = result_of(run)['unpaid-order.com']
    assert entry['outcome'] == 'ordered'
    assert entry['url']
    assert 'Poll the order status until delivered' not in run.stdout
    assert orders_of(sim.state())[0]['status'] == 'notPaid'
    assert 'pay at ' + entry['url'] in run.stdout

    sim.clear_requests()
    again = order(sim, order_vars('unpaid-order.com', domain_order_auto_pay=False))
    assert again.rc == 0, again
    assert result_of(again)['unpaid-order.com']['outcome'] == 'order_pending'
    assert writes(sim) == []


def test_a_rerun_with_a_payment_option_pays_the_unpaid_order_once(order, fast_sim):
    unpaid = order(fast_sim, order_vars('pay-later.com', 'pay-later.fr', domain_order_auto_pay=False))
    assert unpaid.rc == 0, unpaid
    [placed] = fast_sim.state()['orders']
    order_id = placed['orderId']
    assert placed['status'] == 'notPaid'
    # Without a payment option, the rerun says how to pay.
    told = order(fast_sim, order_vars('pay-later.com', 'pay-later.fr', domain_order_auto_pay=False))
    assert told.rc == 0 and changed_of(told) == 0
    reason = result_of(told)['pay-later.com']['reason']
    assert result_of(unpaid)['pay-later.com']['url'] in reason and 'domain_order_payment_method_id' in reason and 'domain_order_auto_pay' in reason

    fast_sim.clear_requests()
    check = order(fast_sim, order_vars('pay-later.com', 'pay-later.fr', domain_order_auto_pay=False, domain_order_payment_method_id=1),
                  check=True, diff=True)
    assert check.rc == 0, check
    assert {entry['outcome'] for entry in result_of(check).values()} == {'would_pay'}
    assert summary_has(check, r'would pay order %d' % order_id)
    assert writes(fast_sim) == [] and fast_sim.state()['orders'][0]['status'] == 'notPaid'

    fast_sim.clear_requests()
    paying = order(fast_sim, order_vars('pay-later.com', 'pay-later.fr', domain_order_auto_pay=False, domain_order_payment_method_id=1))
    assert paying.rc == 0, paying
    assert changed_of(paying) >= 1
    assert writes(fast_sim) == ['POST /me/order/%d/pay' % order_id]
    assert {entry['outcome'] for entry in result_of(paying).values()} == {'delivered'}
    assert [order['orderId'] for order in fast_sim.state()['orders']] == [order_id]
    assert {'pay-later.com', 'pay-later.fr'} <= owned(fast_sim.state())


def test_auto_pay_on_a_rerun_pays_with_the_default_payment_method(order, sim):
    assert order(sim, order_vars('autopay-later.com', domain_order_auto_pay=False)).rc == 0
    order_id = sim.state()['orders'][0]['orderId']
    sim.clear_requests()
    rerun = order(sim, order_vars('autopay-later.com', domain_order_wait_for_delivery=False))
    assert rerun.rc == 0, rerun
    assert result_of(rerun)['autopay-later.com']['outcome'] == 'paid'
    [pay] = sim.mutating_requests()
    assert (pay['path'], pay['body']) == ('/me/order/%d/pay' % order_id, {'paymentMethod': {'id': 1}})


def test_an_unpaid_order_of_other_names_too_is_not_paid_by_a_narrower_rerun(order, sim):
    assert order(sim, order_vars('wide-a.com', 'wide-b.com', domain_order_auto_pay=False)).rc == 0
    sim.clear_requests()
    narrow = order(sim, order_vars('wide-a.com', domain_order_payment_method_id=1, domain_order_auto_pay=False))
    assert narrow.rc == 0, narrow
    assert writes(sim) == []
    assert 'it also orders wide-b.com, which this run does not ask for' in result_of(narrow)['wide-a.com']['reason']


def test_a_wait_that_ends_before_delivery_says_how_to_resume_and_a_rerun_waits_again(order, sim):
    variables = order_vars('slow-delivery.com', domain_order_wait_timeout=1, domain_order_poll_interval=1)
    first = order(sim, variables)
    assert first.rc != 0
    order_id = sim.state()['orders'][0]['orderId']
    assert 'Order %d is not delivered after 1 s (domain_order_wait_timeout); its last status is checking' % order_id in first.stdout
    assert 'run the same playbook again' in first.stdout
    # One progress line per poll, with the order's status (the module prints it while it waits).
    assert re.search(r'\[localhost\] order %d: checking after [0-9.]+s' % order_id, first.stdout), first

    sim.tick(2)  # OVHcloud delivers in the meantime
    sim.clear_requests()
    rerun = order(sim, variables)
    assert rerun.rc == 0, rerun
    # The account now holds the domain (GET /domain/{name}): nothing to look up in the orders.
    assert result_of(rerun)['slow-delivery.com']['outcome'] == 'already_owned'
    assert writes(sim) == []
    assert changed_of(rerun) == 0
    assert len(sim.state()['orders']) == 1


def test_a_rerun_waits_for_the_paid_order_of_an_earlier_run(order, fast_sim):
    first = order(fast_sim, order_vars('later-delivery.com', domain_order_wait_for_delivery=False))
    assert first.rc == 0, first
    assert result_of(first)['later-delivery.com']['outcome'] == 'ordered'

    fast_sim.clear_requests()
    rerun = order(fast_sim, order_vars('later-delivery.com'))
    assert rerun.rc == 0, rerun
    entry = result_of(rerun)['later-delivery.com']
    assert entry['outcome'] == 'delivered'
    assert entry['order_id'] == result_of(first)['later-delivery.com']['order_id']
    assert writes(fast_sim) == []
    assert len(fast_sim.state()['orders']) == 1


# -- check mode ------------------------------------------------------------------------------------
def test_check_mode_prices_every_domain_and_leaves_no_cart_nor_order(order, sim):
    names = ['check-one.com', 'check-two.net', 'check-three.io']
    run = order(sim, order_vars(*names), check=True)
    assert run.rc == 0, run
    result = result_of(run)
    assert {entry['outcome'] for entry in result.values()} == {'would_order'}
    assert {name: result[name]['price'] for name in names} == {'check-one.com': 10.49, 'check-two.net': 12.99, 'check-three.io': 39.99}
    for name, price in (('check-one.com', '10.49'), ('check-two.net', '12.99'), ('check-three.io', '39.99')):
        assert summary_has(run, r'%s +would_order +- +%s EUR' % (re.escape(name), price)), run
    assert summary_has(run, r'Check mode, nothing was ordered: 3 domain\(s\), 3 to order, 63\.47 EUR without tax \(76\.16 EUR with tax\)'), run
    state = sim.state()
    assert state['carts'] == []
    assert state['orders'] == []
    # OVHcloud's dry run judged the order: a GET of the checkout, never a POST.
    assert [(request['method'], request['status']) for request in sim.requests() if request['path'].endswith('/checkout')] == [('GET', 200)]


def test_check_mode_without_the_legal_age_certification_fails_as_the_real_run_would(order, sim):
    run = order(sim, order_vars('no-age-check.com', domain_order_owner_legal_age=False), check=True)
    assert run.rc != 0
    assert 'no-age-check.com needs the configuration OWNER_LEGAL_AGE' in run.stdout and 'domain_order_owner_legal_age: true' in run.stdout
    assert summary_has(run, r'no-age-check\.com +refused')
    assert sim.state()['carts'] == [] and sim.state()['orders'] == []


# -- guards ----------------------------------------------------------------------------------------
def test_a_max_price_below_the_offers_fails_before_any_cart(order, sim):
    run = order(sim, order_vars('pricey.com', 'pricey.net', domain_order_max_price=20))
    assert run.rc != 0
    assert 'domain_order_max_price' in run.stdout and '23.48' in run.stdout
    assert not any(request['path'].endswith('/checkout') for request in sim.requests())
    assert sim.state()['orders'] == []
    assert sim.state()['carts'] == []


def test_a_max_price_below_the_quote_with_tax_fails_before_the_checkout(order, sim):
    # 10.49 without tax passes the offer guard; 12.59 with tax fails the checkout's quote guard.
    run = order(sim, order_vars('taxed.com', domain_order_max_price=11))
    assert run.rc != 0
    assert not [request for request in sim.requests() if request['method'] == 'POST' and request['path'].endswith('/checkout')]
    assert sim.state()['orders'] == []


def test_a_premium_name_without_allow_premium_fails_before_any_item_is_added(order, sim):
    run = order(sim, order_vars('ordinary-name.com', 'premium-name.com'))
    assert run.rc != 0
    assert 'premium-name.com' in run.stdout and '2500' in run.stdout and 'domain_order_allow_premium' in run.stdout
    assert not [request for request in sim.requests() if request['method'] == 'POST' and request['path'].endswith('/domain')]
    assert sim.state()['orders'] == []


def test_ordering_without_the_legal_age_certification_fails_before_any_cart(order, sim):
    run = order(sim, order_vars('no-consent.com', domain_order_owner_legal_age=False))
    assert run.rc != 0
    assert 'domain_order_owner_legal_age' in run.stdout
    assert sim.state()['carts'] == []
    assert sim.state()['orders'] == []


def test_a_missing_price_limit_fails_before_any_call(order, sim):
    variables = order_vars('no-limit.com')
    del variables['domain_order_max_price']
    run = order(sim, variables)
    assert run.rc != 0
    assert 'domain_order_max_price' in run.stdout
    assert sim.requests() == []


# -- transfers, owned domains ----------------------------------------------------------------------
def test_a_transfer_with_its_code_succeeds_and_never_shows_the_code(order, fast_sim):
    variables = order_vars({'name': 'taken-transfer.net', 'action': 'transfer', 'auth_info': TRANSFER_CODE})
    run = order(fast_sim, variables, verbosity=4)
    assert run.rc == 0, run
    assert TRANSFER_CODE not in run.stdout
    assert TRANSFER_CODE not in run.stderr
    assert re.search(r'taken-transfer\.net +delivered +order \d+', run.stdout)
    state = fast_sim.state()
    assert len(state['orders']) == 1 and orders_of(state)[0]['status'] == 'delivered'
    assert 'taken-transfer.net' in owned(state)


def test_a_transfer_without_its_code_fails_before_any_cart(order, sim):
    run = order(sim, order_vars('taken-nocode.net'))
    assert run.rc != 0
    assert 'AUTH_INFO' in run.stdout
    assert sim.state()['carts'] == []


def test_an_owned_domain_is_reported_already_owned(order, fast_sim):
    fast_sim.control('POST', 'domains', {'domain': 'already-mine.com'})
    run = order(fast_sim, order_vars('already-mine.com', 'not-yet-mine.com'))
    assert run.rc == 0, run
    result = result_of(run)
    assert result['already-mine.com']['outcome'] == 'already_owned'
    assert result['not-yet-mine.com']['outcome'] == 'delivered'
    assert order_domains(orders_of(fast_sim.state())[0]) == {'not-yet-mine.com'}


# -- interrupted runs ------------------------------------------------------------------------------
def test_a_run_cut_off_after_the_checkout_and_rerun_ends_with_one_order(order, fast_sim):
    fast_sim.add_fault(method='POST', path=r'/checkout$', status=0, after_commit=True)
    variables = order_vars('cut-off.com', 'cut-off.fr')
    order(fast_sim, variables)  # may fail or recover the order; either way, never twice
    assert len(fast_sim.state()['orders']) == 1

    rerun = order(fast_sim, variables)
    assert rerun.rc == 0, rerun
    assert len(fast_sim.state()['orders']) == 1
    assert {entry['outcome'] for entry in result_of(rerun).values()} <= {'already_owned', 'order_pending', 'delivered'}


def test_a_checkout_that_keeps_failing_leaves_no_open_cart_and_a_rerun_orders_once(order, sim):
    sim.add_fault(method='POST', path=r'/checkout$', status=503, times=-1)
    variables = order_vars('retry-later.com', domain_order_auto_pay=False)
    failed = order(sim, variables)
    assert failed.rc != 0
    assert 'No second checkout was sent' in failed.stdout
    # The cart is still open after the failures (no order came from it): the run deletes it, so that
    # no late order can come from it either, and a rerun's claim does not wait for it.
    assert sim.state()['carts'] == [] and sim.state()['orders'] == []
    assert len([request for request in sim.requests() if request['method'] == 'POST' and request['path'].endswith('/checkout')]) == 1
    sim.clear_faults()
    rerun = order(sim, variables)
    assert rerun.rc == 0, rerun
    assert len(sim.state()['orders']) == 1


# -- the status playbook ---------------------------------------------------------------------------
def test_the_status_playbook_shows_the_orders_of_a_domain(order, run_playbook, sim):
    run = order(sim, order_vars('status-check.com', domain_order_auto_pay=False))
    assert run.rc == 0, run
    order_id = result_of(run)['status-check.com']['order_id']
    status = run_playbook(STATUS_PLAYBOOK, extra_vars={'domain': 'status-check.com'}, env=sim.credentials_env(), callback='default')
    assert status.rc == 0, status
    assert re.search(r'"order %d +notPaid ' % order_id, status.stdout), status

    # Waiting for an unpaid order stops at the first poll and says how to pay it.
    sim.clear_requests()
    waited = run_playbook(STATUS_PLAYBOOK, extra_vars={'domain': 'status-check.com', 'wait_for': 'delivered'}, env=sim.credentials_env(),
                          callback='default')
    assert waited.rc != 0
    assert 'Order %d is not paid and nothing is paying it' % order_id in waited.stdout
    assert result_of(run)['status-check.com']['url'] in waited.stdout
    assert len([request for request in sim.requests() if request['path'].endswith('/status')]) == 1
