# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The domain_order role and the modules that run in Ansible's own process (ovh_domain_order,
ovh_order_info), through ansible-playbook against the simulator: internationalised names, prices for
the whole duration, one line per poll, the task's environment, and no secret at -vvvv."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
STATUS_PLAYBOOK = REPO_ROOT / 'playbooks' / 'order_status.yml'


def order_info_play(name: str, options: dict, checks: list, **keywords) -> str:
    """A play of one ovh_order_info task (with ``options`` and task ``keywords``) registered as
    ``read``, then an assert of ``checks``."""
    task = dict({'name': name, 'ovhcloud.order.ovh_order_info': options, 'register': 'read'}, **keywords)
    return yaml.safe_dump([{'hosts': 'localhost', 'gather_facts': False,
                            'tasks': [task, {'name': 'Check', 'ansible.builtin.assert': {'that': checks}}]}], sort_keys=False)


def test_an_internationalised_name_is_ordered_priced_and_shown_in_unicode(role, fast_sim):
    run = role(fast_sim, ['bücher-review.de', 'plain-review.de'])
    assert run.rc == 0, run
    first, second = run.records['bücher-review.de'], run.records['plain-review.de']
    assert first['domain'] == 'xn--bcher-review-dlb.de'
    assert (first['outcome'], first['price'], first['currency']) == ('delivered', 4.99, 'EUR')
    assert (second['outcome'], second['price']) == ('delivered', 4.99)
    assert first['order_id'] == second['order_id']
    assert re.search(r'bücher-review\.de \(xn--bcher-review-dlb\.de\) +delivered +order %d +4\.99 EUR' % first['order_id'], run.stdout), run
    [order] = fast_sim.state()['orders']
    assert sorted(order['domains']) == ['plain-review.de', 'xn--bcher-review-dlb.de']


def test_a_two_year_registration_is_priced_for_both_years_in_check_mode_and_in_the_order(role, fast_sim):
    checked = role(fast_sim, [{'name': 'two-years.fr', 'duration': 'P2Y'}], check=True)
    assert checked.rc == 0, checked
    record = checked.records['two-years.fr']
    # 6.99 the first year less a 2.00 discount, 9.99 the second; 20 % tax.
    assert (record['outcome'], record['duration'], record['price'], record['price_with_tax']) == ('would_order', 'P2Y', 14.98, 17.98)
    assert 'two-years.fr' in checked.stdout and '14.98 EUR  (P2Y, 17.98 EUR with tax)' in checked.stdout
    assert fast_sim.state()['carts'] == [] and fast_sim.state()['orders'] == []

    ordered = role(fast_sim, [{'name': 'two-years.fr', 'duration': 'P2Y'}])
    assert ordered.rc == 0, ordered
    assert ordered.records['two-years.fr']['price'] == 14.98
    assert fast_sim.state()['orders'][0]['prices']['withTax'] == 17.98


def test_the_price_guard_counts_every_year_before_any_cart(role, sim):
    # 4.99 for the first year would pass a limit of 10; the two years cost 14.98.
    run = role(sim, [{'name': 'guarded.fr', 'duration': 'P2Y'}], domain_order_max_price=10, domain_order_price_basis='without_tax')
    assert run.rc != 0
    assert 'guarded.fr 14.98 EUR for P2Y' in run.stdout and 'domain_order_max_price 10' in run.stdout
    assert sim.state()['carts'] == [] and sim.state()['orders'] == []
    assert not [request for request in sim.requests() if request['path'].endswith('/checkout')]


def test_the_status_playbook_prints_one_line_per_poll_while_it_waits(run_playbook, fast_sim, role):
    placed = role(fast_sim, ['status-wait.com'], domain_order_wait_for_delivery=False)
    assert placed.rc == 0, placed
    order_id = placed.records['status-wait.com']['order_id']
    status = run_playbook(STATUS_PLAYBOOK, extra_vars={'order_id': order_id, 'wait_for': 'delivered', 'poll_interval': 0.1},
                          env=fast_sim.credentials_env(), callback='default')
    assert status.rc == 0, status
    polls = re.findall(r'\[localhost\] order %d: (\w+) after' % order_id, status.stdout)
    assert polls and polls[-1] == 'delivered', status
    assert re.search(r'order %d +delivered ' % order_id, status.stdout), status


def test_credentials_from_the_task_environment_reach_the_in_process_module(run_playbook, sim, role):
    placed = role(sim, ['env-creds.com'], domain_order_auto_pay=False)
    order_id = placed.records['env-creds.com']['order_id']
    play = order_info_play('Read the order with credentials set on the task only', {'order_id': order_id},
                           ["read.orders[0].status == 'notPaid'"], environment=sim.credentials_env())
    run = run_playbook(play, callback='default')
    assert run.rc == 0, run


def test_no_secret_shows_at_vvvv_in_a_whole_order(role, fast_sim):
    domains = [{'name': 'taken-secret.net', 'action': 'transfer', 'auth_info': 'SIM-AUTH-OK'}, 'visible-secret.com']
    run = role(fast_sim, domains, verbosity=4)
    assert run.rc == 0, run
    assert run.records['taken-secret.net']['outcome'] == 'delivered'
    for secret in ('SIM-AUTH-OK', 'sim-application-secret', 'sim-consumer-key'):
        assert secret not in run.output
    # The transfer code did reach the API.
    [order] = fast_sim.state()['orders']
    assert 'taken-secret.net' in order['domains']


@pytest.mark.parametrize('variables, message', [
    ({'domain_order_max_price': 'nan'}, 'domain_order_max_price must be a finite number'),
    ({'domain_order_wait_timeout': -5}, 'domain_order_wait_timeout must not be negative'),
    ({'domain_order_poll_interval': -1}, 'domain_order_poll_interval must not be negative'),
    ({'domain_order_domains': [{'name': 'repro-label.com', 'configurations': {'NOT_A_LABEL': 'x'}}]},
     'domain_order_domains[0].configurations: NOT_A_LABEL is not a configuration label'),
])
def test_bad_role_variables_fail_before_any_call_naming_the_variable(role, sim, variables, message):
    domains = variables.pop('domain_order_domains', ['input-check.com'])
    run = role(sim, domains, **variables)
    assert run.rc != 0
    assert message in run.stdout, run
    assert sim.requests() == []


def test_with_async_the_module_runs_as_a_module_process(run_playbook, sim, role, tmp_path):
    placed = role(sim, ['async-read.com'], domain_order_auto_pay=False)
    order_id = placed.records['async-read.com']['order_id']
    play = order_info_play('Read the order in the background', {'order_id': order_id, 'details': True},
                           ["read.orders[0].status == 'notPaid'", "read.orders[0].domains == ['async-read.com']",
                            'read.ansible_job_id is defined'], **{'async': 60, 'poll': 1})
    run = run_playbook(play, env=dict(sim.credentials_env(), ANSIBLE_ASYNC_DIR=str(tmp_path / 'async')), callback='default')
    assert run.rc == 0, run
