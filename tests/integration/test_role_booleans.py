# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every boolean variable of the domain_order role, given on the command line as users type it
(``-e domain_order_wait_for_delivery=false`` is the string "false"), means what it says: true, yes
and 1 are true, false, no and 0 are false. Each run shows each value through what reached the API."""

from __future__ import annotations

from pathlib import Path

import pytest

PLAYBOOK = Path(__file__).resolve().parents[2] / 'playbooks' / 'order_domain.yml'
BOOLEANS = ('owner_legal_age', 'allow_any_price', 'allow_premium', 'auto_pay', 'waive_retractation_period', 'wait_for_delivery')
QUICK = {'domain_order_poll_interval': 0, 'domain_order_wait_timeout': 60}


def _typed(**values) -> list:
    args = []
    for name, value in values.items():
        args += ['-e', 'domain_order_%s=%s' % (name, value)]
    return args


def _checkouts(sim) -> list:
    return [entry['body'] for entry in sim.requests() if entry['method'] == 'POST' and entry['path'].endswith('/checkout')]


def _polls_after_checkout(sim) -> list:
    log = sim.requests()
    checkout = max(index for index, entry in enumerate(log) if entry['path'].endswith('/checkout'))
    return [entry['path'] for entry in log[checkout + 1:] if entry['path'].startswith('/me/order/') or entry['path'] == '/domain']


def test_the_spec_lists_these_booleans():
    import yaml
    spec = yaml.safe_load((PLAYBOOK.parents[1] / 'roles/domain_order/meta/argument_specs.yml').read_text())
    options = spec['argument_specs']['main']['options']
    assert sorted(name[len('domain_order_'):] for name, option in options.items() if option['type'] == 'bool') == sorted(BOOLEANS)


@pytest.mark.parametrize('values, name, outcome', [
    # Unpaid (auto_pay 0), no waiver (no): the checkout says so; an unpaid order is not waited for.
    (dict(owner_legal_age='yes', auto_pay='0', waive_retractation_period='no', wait_for_delivery='true', allow_premium='false',
          allow_any_price='false', max_price='50'), 'bool-unpaid.com', 'ordered'),
    # Paid (yes), waived (1), and not waited for (false): the case that used to wait 30 minutes.
    (dict(owner_legal_age='1', auto_pay='yes', waive_retractation_period='1', wait_for_delivery='false', max_price='50'),
     'bool-nowait.com', 'ordered'),
    # A premium name (yes) at any price (1, and no max_price), paid (true), waited for (1) until delivered.
    (dict(owner_legal_age='true', allow_premium='yes', allow_any_price='1', auto_pay='true', waive_retractation_period='true',
          wait_for_delivery='1'), 'premium-bool.com', 'delivered'),
    # No premium name (no), no certified legal age (0), a price limit (no): refused before anything is written.
    (dict(owner_legal_age='0', allow_premium='no', allow_any_price='no', auto_pay='false', max_price='5000'), 'premium-refused.com',
     'refused'),
], ids=['unpaid', 'paid-not-waited', 'premium-waited', 'refused'])
def test_booleans_typed_on_the_command_line(run_playbook, fast_sim, values, name, outcome):
    sim = fast_sim
    run = run_playbook(PLAYBOOK, extra_vars=dict(QUICK, domain_order_domains=[{'name': name}]), env=sim.credentials_env(),
                       callback='default', args=_typed(**values))
    output = run.stdout + run.stderr
    assert ' %s ' % outcome in ' '.join(output.split()), output[-4000:]
    if outcome == 'refused':
        assert run.rc != 0 and 'domain_order_allow_premium' in output, output[-4000:]
        state = sim.state()
        assert state['orders'] == [] and state['carts'] == []
        assert not [entry for entry in sim.mutating_requests() if entry['path'].endswith(('/domain', '/checkout', '/configuration'))]
        return
    assert run.rc == 0, run
    [checkout] = _checkouts(sim)
    assert checkout == {'autoPayWithPreferredPaymentMethod': values['auto_pay'] in ('yes', 'true', '1'),
                        'waiveRetractationPeriod': values['waive_retractation_period'] in ('yes', 'true', '1')}
    legal_age = [entry['body'] for entry in sim.requests() if entry['path'].endswith('/configuration')]
    assert {'label': 'OWNER_LEGAL_AGE', 'value': 'true'} in legal_age
    polls = _polls_after_checkout(sim)
    if outcome == 'delivered':
        assert polls and polls[-1] == '/domain'
    else:  # one status read to report the order, no wait
        assert len(polls) <= 1 and '/domain' not in polls, polls
