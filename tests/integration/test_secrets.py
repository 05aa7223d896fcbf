# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""No secret configuration value is printed at -vvvv, on the controller and over ssh: not in the
task's invocation (when Ansible's own argument check fails first too), nor in an API error that
echoes it, nor in a warning that quotes such an error, nor in a successful run's result."""

from __future__ import annotations

import pytest
import yaml

SECRET = 'SIM-PROTECTED-OK'  # the simulator's registry code for protected- names
ORDER = {'max_price': 100, 'owner_legal_age': True, 'auto_pay': True, 'waive_retractation_period': True}


def protected(domain, **options):
    # As a vault variable would give it: ansible-core 2.20+ quotes the task's source lines in its errors.
    return dict(ORDER, domains=[{'name': domain, 'configurations': {'REASON': 'released to us', 'PROTECTED_CODE': '{{ registry_code }}'}}],
                **options)


TASKS = [
    {'name': 'Ansible refuses an option first', 'ignore_errors': True,
     'ovhcloud.order.ovh_domain_order': protected('protected-a-{{ inventory_hostname }}.com', colour='red')},
    {'name': 'OVHcloud refuses the code and echoes it', 'ovhcloud.order.ovh_domain_order': protected('protected-b-{{ inventory_hostname }}.com'),
     'ignore_errors': True},
    {'name': 'Order with the code', 'ovhcloud.order.ovh_domain_order': protected('protected-c-{{ inventory_hostname }}.com')},
]


@pytest.mark.parametrize('host', ['controller', 'remote'])
def test_a_registry_code_is_never_printed_at_vvvv(run_playbook, sim, two_hosts, host):
    echo = {'class': 'Client::BadRequest', 'message': 'The registry refused the code %s for this name' % SECRET}
    sim.add_fault(method='POST', path=r'/item/\d+/configuration$', status=400, body=echo, times=1)
    # The run then deletes its cart; that fails too, and the warning quotes OVHcloud's message.
    sim.add_fault(method='DELETE', path=r'^/order/cart/[^/]+$', status=403, body=dict(echo, **{'class': 'Client::Forbidden'}), times=1)
    play = [{'hosts': host, 'gather_facts': False, 'environment': sim.credentials_env(), 'tasks': TASKS}]
    run = run_playbook(yaml.safe_dump(play, sort_keys=False), inventory=two_hosts, verbosity=4, callback='default',
                       extra_vars={'registry_code': SECRET})
    assert run.rc == 0, run
    assert SECRET not in run.output
    assert 'Unsupported parameters for (ovhcloud.order.ovh_domain_order) module: colour' in run.stdout
    assert 'The registry refused the code ******** for this name' in run.stdout
    assert 'Could not delete cart' in run.stderr and 'The registry refused the code ******** for this name' in run.stderr
    # The code did reach OVHcloud, and the last order was placed with it.
    sent = [request for request in sim.requests() if request['method'] == 'POST' and request['path'].endswith('/configuration')
            and (request.get('body') or {}).get('label') == 'PROTECTED_CODE']
    assert sent and all(request['body']['value'] == SECRET for request in sent)
    assert [order['domains'] for order in sim.state()['orders']] == [['protected-c-%s.com' % host]]
