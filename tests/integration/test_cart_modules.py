# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The cart modules in real ansible-playbook runs against the simulator: idempotence, check mode and
diff, and a transfer code that never shows in the output, even at -vvvv."""

from __future__ import annotations

import json

AUTH_CODE = 'SIM-AUTH-OK'  # the transfer code the simulator accepts

PLAY_HEADER = '''
- name: Cart modules
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/ovhcloud.order.ovh:
      endpoint: "{{ sim_endpoint }}"
      application_key: sim-application-key
      application_secret: sim-application-secret
      consumer_key: sim-consumer-key
  tasks:
'''

ORDER_TASKS = '''
    - name: Offers
      ovhcloud.order.ovh_domain_offer_info:
        domains: [flow-example.com, taken-flow.fr]
      register: offers

    - name: Cart
      ovhcloud.order.ovh_cart:
        description: integration order
      register: cart

    - name: New domain
      ovhcloud.order.ovh_cart_domain:
        cart_id: "{{ cart.cart.cart_id }}"
        domain: flow-example.com
        duration: "{{ duration | default('P1Y') }}"
      register: item

    - name: New domain configuration
      ovhcloud.order.ovh_cart_config:
        cart_id: "{{ cart.cart.cart_id }}"
        item_id: "{{ item.item.item_id }}"
        configurations:
          OWNER_LEGAL_AGE: true
          DNS: "{{ name_servers | default(['dns1.example.net', 'ns1.example.net']) }}"
        require_complete: true
      register: item_config

    - name: Transfer
      ovhcloud.order.ovh_cart_domain:
        cart_id: "{{ cart.cart.cart_id }}"
        domain: taken-flow.fr
        action: transfer
      register: transfer

    - name: Transfer configuration
      ovhcloud.order.ovh_cart_config:
        cart_id: "{{ cart.cart.cart_id }}"
        item_id: "{{ transfer.item.item_id }}"
        configurations:
          OWNER_LEGAL_AGE: true
          AUTH_INFO: "{{ transfer_code }}"
        require_complete: true
      register: transfer_config
'''

# Task name → the variable it registers. The results are saved to a file by a last task (the json
# stdout callback is not part of ansible-core), and read back by the tests.
TASKS = {'Offers': 'offers', 'Cart': 'cart', 'New domain': 'item', 'New domain configuration': 'item_config',
         'Transfer': 'transfer', 'Transfer configuration': 'transfer_config'}

SAVE_TASK = '''
    - name: Save the results
      ansible.builtin.copy:
        content: "{{ {%s} | to_json }}"
        dest: "{{ results_file }}"
        mode: "0600"
      check_mode: false
      diff: false
'''


def run(run_playbook, sim, tmp_path, tasks, names, **kwargs):
    """Run the play made of ``tasks``; returns (the PlaybookResult, task name → registered result)."""
    results_file = tmp_path / 'results.json'
    if results_file.exists():
        results_file.unlink()
    saved = ', '.join("'%s': %s | default(None)" % (name, TASKS.get(name, name)) for name in names)
    extra_vars = dict({'sim_endpoint': sim.base_url, 'transfer_code': AUTH_CODE, 'results_file': str(results_file)}, **kwargs.pop('extra', {}))
    outcome = run_playbook(PLAY_HEADER + tasks + SAVE_TASK % saved, extra_vars=extra_vars, callback='default', **kwargs)
    assert outcome.rc == 0, outcome
    return outcome, json.loads(results_file.read_text())


def temporary_cart_ids(sim) -> set:
    """The offer module's temporary carts (created with its description); checks that each was deleted."""
    created = [r for r in sim.requests() if r['method'] == 'POST' and r['path'] == '/order/cart'
               and (r.get('body') or {}).get('description') == 'ovhcloud.order offer lookup']
    deleted = {r['path'].rsplit('/', 1)[-1] for r in sim.requests() if r['method'] == 'DELETE' and r['path'].count('/') == 3}
    assert len(deleted) >= len(created)
    return deleted


def lasting_mutations(sim) -> list:
    """The POST/PUT/DELETE requests, except those of the offer module's temporary carts."""
    temporary = temporary_cart_ids(sim)
    return [(r['method'], r['path']) for r in sim.mutating_requests()
            if not any(cart_id in r['path'] for cart_id in temporary)
            and not (r['path'] == '/order/cart' and (r.get('body') or {}).get('description') == 'ovhcloud.order offer lookup')]


def diff_of(result):
    diff = result['diff']
    return diff[0] if isinstance(diff, list) else diff


def test_every_module_twice_then_nothing_changes(run_playbook, sim, tmp_path):
    # The first run, which sets the transfer code, at -vvvv with --diff: the code must never show.
    outcome, first = run(run_playbook, sim, tmp_path, ORDER_TASKS, TASKS, verbosity=4, diff=True)
    assert 'Transfer configuration' in outcome.stdout and '********' in outcome.stdout
    assert AUTH_CODE not in outcome.output
    # nor do the credentials given through module_defaults, which every module used to sign its calls:
    # not in the output (results, diffs and, on the ansible-core versions that echo them at -vvvv, the
    # task arguments) nor in the registered results
    api_calls = [r for r in sim.requests() if r['path'] != '/auth/time']
    assert api_calls and {r['authentication'] for r in api_calls} == {'signature'}
    for secret in ('sim-application-secret', 'sim-consumer-key'):
        assert secret not in outcome.output and secret not in json.dumps(first), secret
    for name in list(TASKS)[1:]:
        assert first[name]['changed'] is True, name
    assert first['Offers']['changed'] is False
    [cart] = sim.state()['carts']
    assert [(item['domain'], len(item['configurations'])) for item in cart['items']] == [('flow-example.com', 2), ('taken-flow.fr', 2)]
    transfer = cart['items'][1]
    assert [entry['value'] for entry in transfer['configurations'] if entry['label'] == 'AUTH_INFO'] == [AUTH_CODE]

    sim.clear_requests()
    second = run(run_playbook, sim, tmp_path, ORDER_TASKS, TASKS)[1]
    for name in TASKS:
        assert second[name]['changed'] is False, name
    assert lasting_mutations(sim) == []
    assert len(sim.state()['carts']) == 1
    offers = second['Offers']['offers']
    assert [offer['domain'] for offer in offers] == ['flow-example.com', 'taken-flow.fr']
    assert offers[1]['action'] == 'transfer'
    assert second['Transfer configuration']['missing'] == []


CHECKED_TASKS = ORDER_TASKS + '''
    - name: Longer
      ovhcloud.order.ovh_cart_domain:
        cart_id: "{{ cart.cart.cart_id }}"
        domain: flow-example.com
        duration: P2Y
      register: longer

    - name: Another cart
      ovhcloud.order.ovh_cart:
        description: checked order
      register: another_cart
'''


def test_check_mode_with_diff_changes_nothing(run_playbook, run_module, sim, tmp_path):
    # The state of a first run, made quickly with the modules alone.
    cart_id = run_module('ovh_cart', {'description': 'integration order'}, sim=sim)['cart']['cart_id']
    for domain, configurations in (('flow-example.com', {'OWNER_LEGAL_AGE': True, 'DNS': ['dns1.example.net', 'ns1.example.net']}),
                                   ('taken-flow.fr', {'OWNER_LEGAL_AGE': True, 'AUTH_INFO': AUTH_CODE})):
        item = run_module('ovh_cart_domain', {'cart_id': cart_id, 'domain': domain}, sim=sim)['item']
        assert not run_module('ovh_cart_config', {'cart_id': cart_id, 'item_id': item['item_id'], 'configurations': configurations}, sim=sim).failed
    before = sim.state()['carts']
    sim.clear_requests()

    outcome, checked = run(run_playbook, sim, tmp_path, CHECKED_TASKS, list(TASKS) + ['longer', 'another_cart'], check=True, diff=True,
                           extra={'name_servers': ['dns9.example.net', 'ns9.example.net']})
    assert lasting_mutations(sim) == []
    assert sim.state()['carts'] == before
    for name in ('Offers', 'Cart', 'New domain', 'Transfer', 'Transfer configuration'):
        assert checked[name]['changed'] is False, name
    configuration = checked['New domain configuration']
    assert configuration['changed'] is True
    assert diff_of(configuration)['before']['configurations']['DNS'] == 'dns1.example.net;ns1.example.net'
    assert diff_of(configuration)['after']['configurations']['DNS'] == 'dns9.example.net;ns9.example.net'
    longer = checked['longer']
    assert longer['changed'] is True and longer['item']['item_id'] is None
    assert diff_of(longer)['before']['item']['duration'] == 'P1Y' and diff_of(longer)['after']['item']['duration'] == 'P2Y'
    another = checked['another_cart']
    assert another['changed'] is True and another['cart']['cart_id'] == 'check-mode-planned-cart' and diff_of(another)['before'] == {'cart': None}
    assert 'dns9.example.net;ns9.example.net' in outcome.stdout  # --diff shows the change to the user
