# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""One behaviour wherever a task runs: the same tasks of ovh_domain_order and ovh_order_info on the
controller (the local connection) and on a host reached through OpenSSH (the ssh connection), in one
ansible-playbook run, give the same results and the same messages - success, refusal, bad arguments,
check mode, diff, no_log, warnings - and the same progress lines. The run's stdout is the JSON
callback's one document (the progress lines go to stderr)."""

from __future__ import annotations

import json
import re

import yaml

HOSTS = ('controller', 'remote')
ORDER = {'max_price': 100, 'owner_legal_age': True, 'auto_pay': True, 'waive_retractation_period': True}


def order_task(name, domain, **options):
    keywords = {key: options.pop(key) for key in ('check_mode', 'diff', 'no_log') if key in options}
    return dict({'name': name, 'ovhcloud.order.ovh_domain_order': dict(ORDER, domains=[{'name': domain}], **options),
                 'register': 'outcome', 'ignore_errors': True}, **keywords)


TASKS = [
    order_task('Order and wait for the delivery', 'parity-{{ inventory_hostname }}.com', wait_for='delivered', poll_interval=0),
    order_task('Order again, with a diff', 'parity-{{ inventory_hostname }}.com', diff=True),
    {'name': 'Wait with ovh_order_info', 'ovhcloud.order.ovh_order_info': {
        'domain': 'parity-{{ inventory_hostname }}.com', 'wait_for': 'delivered', 'poll_interval': 0.1}, 'ignore_errors': True},
    order_task('Refused by the price guard', 'parity-dear-{{ inventory_hostname }}.com', max_price=1),
    order_task('An option the module does not have', 'parity-bad-{{ inventory_hostname }}.com', colour='red'),
    order_task('A boolean for a price', 'parity-bad-{{ inventory_hostname }}.com', max_price=True),
    order_task('Check mode with a diff', 'straße-check-{{ inventory_hostname }}.de', check_mode=True, diff=True),
    order_task('A warning, in check mode', 'p\u0430rity-{{ inventory_hostname }}.com', check_mode=True),
    order_task('Hidden by no_log', 'parity-nolog-{{ inventory_hostname }}.com', check_mode=True, no_log=True),
]

VOLATILE = [
    (re.compile(r'xn--[a-z0-9-]+'), 'xn--NAME'),  # the ASCII form of the name with the host's name in it
    (re.compile(r'\b(controller|remote)\b'), 'HOST'),
    (re.compile(r'\b300000\d\d\b'), '1'),  # an order id, in JSON or in text
    (re.compile(r'[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'), 'CART_ID'),
    (re.compile(r'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?'), 'DATE'),
    (re.compile(r'"elapsed": [0-9.]+'), '"elapsed": 0'),
    (re.compile(r'after [0-9.]+s'), 'after Ns'),
    (re.compile(r'claim \d+'), 'claim N'),
    (re.compile(r'orderPassword=\w+'), 'orderPassword=P'),
    (re.compile(r' {2,}'), ' '),  # the summary's columns, padded to the longer name
]


def normalized(value) -> str:
    text = json.dumps(value, sort_keys=True) if not isinstance(value, str) else value
    for pattern, replacement in VOLATILE:
        text = pattern.sub(replacement, text)
    return text


def comparable(result: dict) -> dict:
    # The traceback of a failure names the host's own temporary paths.
    return json.loads(normalized({key: value for key, value in result.items() if key != 'exception'}))


def test_the_same_tasks_behave_the_same_on_the_controller_and_over_ssh(run_playbook, fast_sim, two_hosts):
    runs, orders = {}, {}
    for host in HOSTS:
        # Each host from the same state of the account (the runs would otherwise see each other's orders).
        fast_sim.reset()
        play = [{'hosts': host, 'gather_facts': False, 'environment': fast_sim.credentials_env(), 'tasks': TASKS}]
        runs[host] = run_playbook(yaml.safe_dump(play, sort_keys=False, allow_unicode=True), inventory=two_hosts, timeout=900)
        assert list(runs[host].stats) == [host], runs[host]
        orders[host] = sorted(domain for order in fast_sim.state()['orders'] for domain in order['domains'])
    # One order per run, of its own domain; nothing else was ordered.
    assert orders == {host: ['parity-%s.com' % host] for host in HOSTS}

    for task in TASKS:
        controller, remote = (comparable(runs[host].task(task['name'])) for host in HOSTS)
        assert controller == remote, (task["name"], [(key, controller.get(key), remote.get(key)) for key in controller
                                                     if controller.get(key) != remote.get(key)])

    by_name = {task['name']: runs['remote'].task(task['name']) for task in TASKS}
    assert by_name['Order and wait for the delivery']['domains'][0]['outcome'] == 'delivered'
    assert by_name['Order again, with a diff']['changed'] is False
    assert by_name['Wait with ovh_order_info'].get('orders', [{}])[0].get('status') == 'delivered', by_name['Wait with ovh_order_info']
    assert by_name['Refused by the price guard']['failed'] and 'max_price' in by_name['Refused by the price guard']['msg']
    assert 'Unsupported parameters for (ovhcloud.order.ovh_domain_order) module: colour' in by_name['An option the module does not have']['msg']
    assert by_name['A boolean for a price']['msg'] == 'max_price must be a number, got True'
    checked = by_name['Check mode with a diff']
    assert checked['changed'] and checked['domains'][0]['outcome'] == 'would_order'
    # An internationalised name through the module's JSON on both paths: the diff names the ASCII name ordered.
    assert list(checked['diff']['after']['order']['domains']) == ['straße-check-remote.de (%s)' % checked['domains'][0]['domain']], checked
    assert checked['domains'][0]['domain'].startswith('xn--')
    assert any('mixes Cyrillic and Latin letters' in warning for warning in by_name['A warning, in check mode']['warnings'])
    assert by_name['Hidden by no_log'].get('censored'), by_name['Hidden by no_log']

    # The same progress lines on both paths, on stderr (stdout was the JSON document); none of a no_log task.
    lines = {host: [normalized(line) for line in re.findall(r'^  \[%s\] (.*)$' % host, runs[host].stderr, re.M)] for host in HOSTS}
    assert lines['controller'] == lines['remote'] and lines['controller'], lines
    assert 'order 1: delivered after Ns' in lines['controller'], lines
    for run in runs.values():
        assert 'parity-nolog' not in run.output
