# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Two pipelines run the same order at once: two ansible-playbook runs of the domain_order role,
started together against one simulator that answers every request after 150 ms, the second one's
start held back by a latency fault on its first request (0 to 2 s). Run A signs its calls with a
consumer key, run B uses OAuth2, so that the request log tells them apart. Whatever the timing:
one order and one owner contact per domain, no run writes to a cart it did not create, and
neither run fails. The same holds when both runs sign with consumer keys made from the guide's
least-privilege rule list: the runs meet (one takes a ticket in its own cart) and no call is
refused."""

from __future__ import annotations

import json
import threading

import pytest
from doc_snippets import access_rule_sets
from playbook_helpers import SAVE_RESULT_PLAY, role_variables

LATENCY_MS = '150'
OWNER = {'legal_form': 'individual', 'first_name': 'Ada', 'last_name': 'Lovelace', 'email': 'ada@example.org', 'phone': '+33.123456789',
         'address': {'line1': '1 rue de la Paix', 'city': 'Paris', 'zip': '75002', 'country': 'FR'}}
# (domains of run A, domains of run B, how long run B's first request is held back)
ROUNDS = {
    'same-together': (['same-0.com', 'same-0.fr'], ['same-0.com', 'same-0.fr'], 0),
    'same-half-second': (['same-1.com', 'same-1.fr'], ['same-1.com', 'same-1.fr'], 500),
    'same-two-seconds': (['same-2.com', 'same-2.fr'], ['same-2.com', 'same-2.fr'], 2000),
    'overlap-together': (['over-0a.com', 'over-0b.com'], ['over-0b.com', 'over-0c.com'], 0),
    'overlap-half-second': (['over-1a.com', 'over-1b.com'], ['over-1b.com', 'over-1c.com'], 500),
    'overlap-two-seconds': (['over-2a.com', 'over-2b.com'], ['over-2b.com', 'over-2c.com'], 2000),
}
PLAY = """
- name: Order with the role
  hosts: localhost
  gather_facts: false
  vars_files: [{vars_file}]
  roles:
    - role: ovhcloud.order.domain_order
"""


def run_pair(run_playbook, tmp_path, sim, domains_a, domains_b, envs=None):
    """Start both runs at the same moment (a barrier) and wait for both; returns {label: (run, result)}.
    ``envs``: the credentials of each run (by default A signs with the simulator's consumer key, B
    uses OAuth2)."""
    if envs is None:
        credentials = sim.credentials_env()
        envs = {
            'A': credentials,
            'B': {'OVH_ENDPOINT': credentials['OVH_ENDPOINT'], 'OVH_CLIENT_ID': 'sim-client-id', 'OVH_CLIENT_SECRET': 'sim-client-secret'},
        }
    barrier = threading.Barrier(2)
    outcomes = {}

    def run(label, domains):
        variables = role_variables(domains, domain_order_owner=OWNER)
        vars_file = tmp_path / ('vars_%s.json' % label)
        vars_file.write_text(json.dumps(variables))
        result_file = tmp_path / ('result_%s.json' % label)
        playbook = tmp_path / ('play_%s.yml' % label)
        playbook.write_text(PLAY.format(vars_file=vars_file) + SAVE_RESULT_PLAY.format(result=result_file))
        barrier.wait()
        outcome = run_playbook(playbook, env=envs[label], callback='default')
        outcomes[label] = (outcome, json.loads(result_file.read_text()) if result_file.exists() else None)

    threads = [threading.Thread(target=run, args=pair) for pair in (('A', domains_a), ('B', domains_b))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def caller(entry) -> tuple:
    """Who made a logged request: how it authenticated, and with which consumer key or client."""
    return entry['authentication'], entry.get('credentialId')


def cart_creators(requests) -> dict:
    """Cart id → the caller that created it (the run whose call assigned it)."""
    creator = {}
    for entry in requests:
        parts = entry['path'].split('/')
        if entry['method'] == 'POST' and len(parts) == 5 and parts[4] == 'assign':
            creator.setdefault(parts[3], caller(entry))
    return creator


def writes_to_carts_of_others(requests, creator) -> list:
    return [(entry['method'], entry['path'], caller(entry)) for entry in requests
            if entry['method'] in ('POST', 'PUT', 'DELETE') and entry['path'].startswith('/order/cart/')
            and caller(entry) != creator.get(entry['path'].split('/')[3])]


def orders_per_domain(state, names) -> dict:
    return {name: [order['orderId'] for order in state['orders'] if name in order['domains']] for name in names}


@pytest.mark.parametrize('round_name', list(ROUNDS))
def test_two_runs_at_once_order_each_domain_once(round_name, run_playbook, tmp_path, start_simulator):
    domains_a, domains_b, hold_back_ms = ROUNDS[round_name]
    sim = start_simulator('--latency-ms', LATENCY_MS, '--advance-on-poll')
    if hold_back_ms:
        sim.add_fault(path='^/auth/oauth2/token$', latency_ms=hold_back_ms, times=1)
    outcomes = run_pair(run_playbook, tmp_path, sim, domains_a, domains_b)

    for label, (outcome, result) in outcomes.items():
        assert outcome.rc == 0, '%s failed:\n%r' % (label, outcome)
        assert result is not None
    state = sim.state()
    named = sorted(set(domains_a) | set(domains_b))
    orders_naming = orders_per_domain(state, named)
    assert {name: len(ids) for name, ids in orders_naming.items()} == {name: 1 for name in named}, orders_naming

    requests = sim.requests()
    creator = cart_creators(requests)
    assert writes_to_carts_of_others(requests, creator) == []

    contacts = [entry for entry in requests if entry['method'] == 'POST' and entry['path'] == '/domain/contact']
    by_auth = {'signature': 'A', 'bearer': 'B'}
    ordering_runs = {by_auth[creator[order['cartId']][0]] for order in state['orders']}
    # At most one contact per run that orders (the same owner; a later run finds the first one's):
    # with the same domains, one run orders, so one contact.
    assert 1 <= len(contacts) <= len(ordering_runs)
    if domains_a == domains_b:
        assert len(state['orders']) == 1 and len(contacts) == 1

    records = {label: {entry['domain']: entry for entry in result} for label, (_outcome, result) in outcomes.items()}
    for label, own in records.items():
        for name, record in own.items():
            # A run that starts once the other's order is delivered finds the domain in the account.
            assert record['outcome'] in ('delivered', 'order_pending', 'already_owned'), (label, record)
            if record['outcome'] == 'order_pending':
                # The other run's order or cart is named.
                assert record['order_id'] in orders_naming[name] or 'cart ' in record['reason'], (label, record)
    if domains_a == domains_b:
        loser = [label for label, own in records.items() if any(record['outcome'] == 'order_pending' for record in own.values())]
        if loser and all(record['outcome'] == 'order_pending' and record['order_id'] is None for record in records[loser[0]].values()):
            assert 'changed=0' in outcomes[loser[0]][0].stdout


@pytest.mark.parametrize('hold_back_ms', [0, 700], ids=['together', 'second-run-later'])
def test_two_runs_with_least_privilege_keys_meet_without_a_refused_call(hold_back_ms, run_playbook, tmp_path, start_simulator):
    """Both runs sign with a consumer key made from the guide's "order-owner" list (a key each, as two
    pipelines would have): they meet (a run writes its ticket in its own cart: ``PUT /order/cart/*``
    is on the list for that), the domain is ordered once, and no call of either run is refused."""
    rules = [{'method': method, 'path': path} for method, path in access_rule_sets()['order-owner']]
    sim = start_simulator('--latency-ms', LATENCY_MS, '--advance-on-poll')
    keys = {'A': sim.new_consumer_key(rules), 'B': sim.new_consumer_key(rules)}
    if hold_back_ms:
        # The first request of all is a GET /auth/time: the run that sends it first starts later.
        sim.add_fault(path='^/auth/time$', latency_ms=hold_back_ms, times=1)
    domains = ['lean-%d.com' % hold_back_ms, 'lean-%d.fr' % hold_back_ms]
    outcomes = run_pair(run_playbook, tmp_path, sim, domains, domains, envs={label: sim.credentials_env(key) for label, key in keys.items()})

    for label, (outcome, result) in outcomes.items():
        assert outcome.rc == 0, '%s failed:\n%r' % (label, outcome)
        assert result is not None
    state = sim.state()
    assert {name: len(ids) for name, ids in orders_per_domain(state, domains).items()} == {name: 1 for name in domains}
    requests = [entry for entry in sim.requests() if (entry.get('credentialId') or 0) > 424300]  # the keys made here
    assert len({caller(entry) for entry in requests}) == 2, 'both runs signed with their own new key'
    assert [(entry['method'], entry['path'], entry['status']) for entry in requests if entry['status'] in (401, 403)] == []
    creator = cart_creators(requests)
    assert len(creator) == 2 and writes_to_carts_of_others(requests, creator) == []
    tickets = [entry for entry in requests if entry['method'] == 'PUT' and entry['path'].startswith('/order/cart/')]
    assert tickets, 'the runs did not meet: no run took a ticket'
