# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""playbooks/order_domain_step_by_step.yml: the guide's steps as modules (ovh_cart, ovh_cart_domain,
ovh_cart_config, ovh_checkout) compose under --check, leaving nothing, and order for real."""

from __future__ import annotations

from pathlib import Path

PLAYBOOK = Path(__file__).resolve().parents[2] / 'playbooks' / 'order_domain_step_by_step.yml'


def test_the_steps_compose_in_check_mode_then_order_for_real(run_playbook, sim):
    variables = {'domain': 'step-by-step.com', 'max_price': 20}
    checked = run_playbook(PLAYBOOK, extra_vars=variables, env=sim.credentials_env(), check=True, callback='default')
    assert checked.rc == 0, checked
    assert 'Would check out the cart (no order in check mode); step-by-step.com is offered at 10.49' in checked.stdout
    state = sim.state()
    assert state['carts'] == [] and state['orders'] == []
    # The only writes: the temporary cart ovh_cart_domain read the offer through, and its deletion.
    writes = [(request['method'], request['path'].split('/')[-1]) for request in sim.mutating_requests()]
    assert [method for method, _last in writes] == ['POST', 'POST', 'DELETE'] and writes[1][1] == 'assign'

    ordered = run_playbook(PLAYBOOK, extra_vars=variables, env=sim.credentials_env(), callback='default')
    assert ordered.rc == 0, ordered
    [order] = sim.state()['orders']
    assert order['domains'] == ['step-by-step.com'] and order['status'] == 'notPaid'
    assert 'Order %d: notPaid' % order['orderId'] in ordered.stdout


def test_the_planned_cart_of_check_mode_is_refused_by_a_real_run(run_module, sim):
    result = run_module('ovh_cart_domain', {'cart_id': 'check-mode-planned-cart', 'domain': 'real-run.com'}, sim=sim)
    assert result.failed and 'exists only in check mode' in result['msg']
    assert sim.mutating_requests() == []
