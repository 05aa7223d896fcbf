# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Two pipelines run the same order at once: two ansible-playbook runs of the domain_order role,
started together against one simulator that answers every request after 150 ms, the second one's
start held back by a latency fault on its first request (0 to 2 s). Run A signs its calls with a
consumer key, run B uses OAuth2, so that the request log tells them apart. Whatever the timing:
one order and one owner contact per domain, no run writes to a cart it did not create, and
neither run fails."""

from __future__ import annotations

import json
import threading

import pytest
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


def run_pair(run_playbook, tmp_path, sim, domains_a, domains_b):
    """Start both runs at the same moment (a barrier) and wait for both; returns {label: (run, result)}."""
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
    orders_naming = {name: [order['orderId'] for order in state['orders'] if name in order['domains']] for name in named}
    assert {name: len(ids) for name, ids in orders_naming.items()} == {name: 1 for name in named}, orders_naming

    requests = sim.requests()
    # Who created each cart: the run whose call assigned it.
    creator = {}
    for entry in requests:
        parts = entry['path'].split('/')
        if entry['method'] == 'POST' and len(parts) == 5 and parts[4] == 'assign':
            creator.setdefault(parts[3], entry['authentication'])
    cart_writes = [entry for entry in requests if entry['method'] in ('POST', 'PUT', 'DELETE') and entry['path'].startswith('/order/cart/')]
    strangers = [(entry['method'], entry['path'], entry['authentication']) for entry in cart_writes
                 if entry['authentication'] != creator.get(entry['path'].split('/')[3])]
    assert strangers == []

    contacts = [entry for entry in requests if entry['method'] == 'POST' and entry['path'] == '/domain/contact']
    by_auth = {'signature': 'A', 'bearer': 'B'}
    ordering_runs = {by_auth[creator[order['cartId']]] for order in state['orders']}
    # At most one contact per run that orders (the same owner; a later run finds the first one's):
    # with the same domains, one run orders, so one contact.
    assert 1 <= len(contacts) <= len(ordering_runs)
    if domains_a == domains_b:
        assert len(state['orders']) == 1 and len(contacts) == 1

    records = {label: {entry['domain']: entry for entry in result} for label, (_outcome, result) in outcomes.items()}
    for label, own in records.items():
        for name, record in own.items():
            assert record['outcome'] in ('delivered', 'order_pending'), (label, record)
            if record['outcome'] == 'order_pending':
                # The other run's order or cart is named.
                assert record['order_id'] in orders_naming[name] or 'cart ' in record['reason'], (label, record)
    if domains_a == domains_b:
        loser = [label for label, own in records.items() if any(record['outcome'] == 'order_pending' for record in own.values())]
        if loser and all(record['outcome'] == 'order_pending' and record['order_id'] is None for record in records[loser[0]].values()):
            assert 'changed=0' in outcomes[loser[0]][0].stdout
