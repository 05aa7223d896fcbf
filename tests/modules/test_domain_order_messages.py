# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What the domain_order role's user is told to change: ovh_domain_order run as the role runs it
(``name_prefix: domain_order_``) names the role's variables, and for a checkout in an unknown state
the playbook that ships with the role, not a module. What reached the API comes from the request log."""

from __future__ import annotations

ROLE = {'max_price': 100, 'owner_legal_age': True, 'auto_pay': True, 'waive_retractation_period': True, 'name_prefix': 'domain_order_'}


def _order(run_module, sim, domains, **options):
    return run_module('ovh_domain_order', dict(ROLE, domains=domains, **options), sim=sim)


def test_a_wrong_transfer_code_names_the_variable_that_holds_it(run_module, sim):
    result = _order(run_module, sim, [{'name': 'msg-new.com'}, {'name': 'taken-msg.com', 'auth_info': 'NOT-THE-CODE'}])
    assert result.failed
    assert "transfer code as domain_order_domains[1].auth_info" in result['msg'], result['msg']
    assert 'NOT-THE-CODE' not in str(result)
    assert sim.state()['orders'] == []
    assert [entry['path'].rsplit('/', 1)[-1] for entry in sim.requests() if entry['path'].endswith('/checkout')] == ['checkout']


def test_an_action_that_is_not_offered_names_the_variable(run_module, sim):
    result = _order(run_module, sim, [{'name': 'msg-plain.com'}, {'name': 'msg-create.com', 'action': 'transfer'}])
    assert result.failed
    assert 'domain_order_domains[1].action=transfer is not offered for msg-create.com' in result['msg'], result['msg']
    assert sim.state()['orders'] == [] and sim.state()['carts'] == []


def test_a_checkout_in_an_unknown_state_points_at_the_status_playbook(run_module, sim):
    sim.add_fault(method='POST', path=r'/checkout$', status=503, times=-1)
    result = _order(run_module, sim, [{'name': 'msg-unknown.com'}])
    assert result.failed
    assert 'ansible-playbook ovhcloud.order.order_status -e domain=' in result['msg'], result['msg']
    assert 'ovh_order_info' not in result['msg']
    checkouts = [entry for entry in sim.requests() if entry['method'] == 'POST' and entry['path'].endswith('/checkout')]
    assert [entry['status'] for entry in checkouts] == [503]  # never sent twice
    alone = run_module('ovh_domain_order', dict(ROLE, name_prefix='', domains=[{'name': 'msg-unknown.com'}]), sim=sim)
    assert alone.failed and 'ovhcloud.order.ovh_order_info (domain=...)' in alone['msg'], alone['msg']
