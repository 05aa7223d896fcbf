# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""ovh_cart_config: one configuration per label, replaced only when its value changes; AUTH_INFO never shown."""

from __future__ import annotations

import json

import pytest

from ansible_collections.ovhcloud.order.plugins.module_utils._client import api_path

AUTH_CODE = 'SIM-AUTH-OK'  # the code the simulator's catalogue accepts for transfers


def make_item(run_module, sim, domain):
    cart = run_module('ovh_cart', {'description': 'config ' + domain}, sim=sim)['cart']
    item = run_module('ovh_cart_domain', {'cart_id': cart['cart_id'], 'domain': domain}, sim=sim)['item']
    sim.clear_requests()
    return cart['cart_id'], item['item_id']


def stored(sim, item_id):
    for cart in sim.state()['carts']:
        for item in cart['items']:
            if item['itemId'] == item_id:
                return [(entry['label'], entry['value']) for entry in item['configurations']]
    raise AssertionError('item %s not found' % item_id)


@pytest.fixture
def create_item(run_module, sim):
    return make_item(run_module, sim, 'configured.com')


@pytest.fixture
def transfer_item(run_module, sim):
    return make_item(run_module, sim, 'taken-moving.com')


def test_sets_values_as_text_and_is_idempotent(run_module, sim, create_item):
    cart_id, item_id = create_item
    args = {'cart_id': cart_id, 'item_id': item_id,
            'configurations': {'OWNER_LEGAL_AGE': True, 'DNS': ['dns1.example.net', 'ns1.example.net'], 'ADMIN_ACCOUNT': 'ab1234-ovh'}}
    first = run_module('ovh_cart_config', args, sim=sim, diff=True)
    assert not first.failed, first
    assert first['changed'] is True
    assert sorted(stored(sim, item_id)) == [('ADMIN_ACCOUNT', 'ab1234-ovh'), ('DNS', 'dns1.example.net;ns1.example.net'), ('OWNER_LEGAL_AGE', 'true')]
    assert first['required'] == ['OWNER_LEGAL_AGE'] and first['missing'] == []
    assert all(isinstance(entry['id'], int) for entry in first['configurations'])
    assert first['diff'] == {'before': {'configurations': {}},
                             'after': {'configurations': {'OWNER_LEGAL_AGE': 'true', 'DNS': 'dns1.example.net;ns1.example.net',
                                                          'ADMIN_ACCOUNT': 'ab1234-ovh'}}}
    sim.clear_requests()
    second = run_module('ovh_cart_config', args, sim=sim)
    assert second['changed'] is False and sim.mutating_requests() == []
    assert second['configurations'] == first['configurations']


def test_a_new_value_deletes_then_creates(run_module, sim, create_item):
    cart_id, item_id = create_item
    run_module('ovh_cart_config', {'cart_id': cart_id, 'item_id': item_id, 'configurations': {'DNS': 'a.example.net;b.example.net'}}, sim=sim)
    sim.clear_requests()
    args = {'cart_id': cart_id, 'item_id': item_id, 'configurations': {'DNS': ['c.example.net', 'd.example.net']}}
    checked = run_module('ovh_cart_config', args, sim=sim, check_mode=True, diff=True)
    assert checked['changed'] is True and sim.mutating_requests() == []
    assert checked['diff']['before']['configurations']['DNS'] == 'a.example.net;b.example.net'
    assert checked['diff']['after']['configurations']['DNS'] == 'c.example.net;d.example.net'
    assert [entry['id'] for entry in checked['configurations'] if entry['label'] == 'DNS'] == [None]

    changed = run_module('ovh_cart_config', args, sim=sim)
    assert changed['changed'] is True
    assert [r['method'] for r in sim.mutating_requests()] == ['DELETE', 'POST']
    assert stored(sim, item_id) == [('DNS', 'c.example.net;d.example.net')]


def test_duplicate_labels_collapse_to_one(run_module, sim, create_item):
    cart_id, item_id = create_item
    client = sim.api_client()
    for value in ('true', 'false', 'true'):
        client.post(api_path('/order/cart/{}/item/{}/configuration', cart_id, item_id), body={'label': 'OWNER_LEGAL_AGE', 'value': value})
    sim.clear_requests()
    result = run_module('ovh_cart_config', {'cart_id': cart_id, 'item_id': item_id, 'configurations': {'OWNER_LEGAL_AGE': True}}, sim=sim, diff=True)
    assert result['changed'] is True
    assert stored(sim, item_id) == [('OWNER_LEGAL_AGE', 'true')]
    assert [r['method'] for r in sim.mutating_requests()] == ['DELETE', 'DELETE']  # the first 'true' is kept
    assert result['diff']['before']['configurations'] == {'OWNER_LEGAL_AGE': ['true', 'false', 'true']}


def test_auth_info_is_never_shown(run_module, sim, transfer_item):
    cart_id, item_id = transfer_item
    client = sim.api_client()
    client.post(api_path('/order/cart/{}/item/{}/configuration', cart_id, item_id), body={'label': 'AUTH_INFO', 'value': 'OLD-CODE-123'})
    sim.clear_requests()
    args = {'cart_id': cart_id, 'item_id': item_id, 'configurations': {'OWNER_LEGAL_AGE': True, 'AUTH_INFO': AUTH_CODE}}
    result = run_module('ovh_cart_config', args, sim=sim, diff=True)
    assert result['changed'] is True
    assert ('AUTH_INFO', AUTH_CODE) in stored(sim, item_id)
    text = json.dumps(result) + result.stderr
    assert AUTH_CODE not in text and 'OLD-CODE-123' not in text
    assert {'label': 'AUTH_INFO', 'value': '********'}.items() <= next(e for e in result['configurations'] if e['label'] == 'AUTH_INFO').items()
    assert result['diff']['before']['configurations'] == {'AUTH_INFO': '********'}
    assert result['diff']['after']['configurations']['AUTH_INFO'] == '********'
    assert result['missing'] == [] and set(result['required']) == {'OWNER_LEGAL_AGE', 'AUTH_INFO'}

    sim.clear_requests()
    again = run_module('ovh_cart_config', args, sim=sim)
    assert again['changed'] is False and sim.mutating_requests() == []


def test_require_complete_names_every_missing_label(run_module, sim, transfer_item):
    cart_id, item_id = transfer_item
    args = {'cart_id': cart_id, 'item_id': item_id, 'configurations': {'DNS': ['ns1.example.net']}, 'require_complete': True}
    checked = run_module('ovh_cart_config', args, sim=sim, check_mode=True)
    assert checked.failed and 'OWNER_LEGAL_AGE' in checked['msg'] and 'AUTH_INFO' in checked['msg']
    assert checked['missing'] == ['OWNER_LEGAL_AGE', 'AUTH_INFO']
    assert sim.mutating_requests() == []

    applied = run_module('ovh_cart_config', args, sim=sim)
    assert applied.failed and applied['missing'] == ['OWNER_LEGAL_AGE', 'AUTH_INFO'] and applied['changed'] is True
    assert stored(sim, item_id) == [('DNS', 'ns1.example.net')]  # the change was made before failing

    complete = run_module('ovh_cart_config', dict(args, configurations={'OWNER_LEGAL_AGE': 'yes', 'AUTH_INFO': AUTH_CODE}), sim=sim)
    assert not complete.failed and complete['missing'] == []


def test_labels_the_item_does_not_take_fail_before_any_change(run_module, sim, create_item):
    cart_id, item_id = create_item
    result = run_module('ovh_cart_config', {'cart_id': cart_id, 'item_id': item_id, 'configurations': {'OWNER_LEGAL_AGE': True, 'AUTH_INFO': 'x'}},
                        sim=sim)
    assert result.failed and 'configurations.AUTH_INFO' in result['msg'] and 'OWNER_LEGAL_AGE, OWNER_CONTACT' in result['msg']
    assert sim.mutating_requests() == []


@pytest.mark.parametrize('configurations, fragment', [
    ({'dns': ['ns1.example.net']}, 'configurations.dns'),
    ({'FOO': 'bar'}, 'configurations.FOO'),
    ({'DNS': []}, 'configurations.DNS'),
    ({'OWNER_LEGAL_AGE': 'perhaps'}, 'OWNER_LEGAL_AGE'),
])
def test_bad_labels_and_values_fail_before_any_request(run_module, sim, create_item, configurations, fragment):
    cart_id, item_id = create_item
    result = run_module('ovh_cart_config', {'cart_id': cart_id, 'item_id': item_id, 'configurations': configurations}, sim=sim)
    assert result.failed and fragment in result['msg'], result['msg']
    assert sim.requests() == []


def test_absent_removes_the_given_labels(run_module, sim, create_item):
    cart_id, item_id = create_item
    run_module('ovh_cart_config', {'cart_id': cart_id, 'item_id': item_id,
                                   'configurations': {'OWNER_LEGAL_AGE': True, 'DNS': 'a.example.net'}}, sim=sim)
    sim.clear_requests()
    args = {'cart_id': cart_id, 'item_id': item_id, 'configurations': {'DNS': []}, 'state': 'absent'}
    checked = run_module('ovh_cart_config', args, sim=sim, check_mode=True, diff=True)
    assert checked['changed'] is True and sim.mutating_requests() == []
    assert checked['diff']['after']['configurations'] == {'OWNER_LEGAL_AGE': 'true'}
    removed = run_module('ovh_cart_config', args, sim=sim)
    assert removed['changed'] is True and stored(sim, item_id) == [('OWNER_LEGAL_AGE', 'true')]
    sim.clear_requests()
    again = run_module('ovh_cart_config', args, sim=sim)
    assert again['changed'] is False and sim.mutating_requests() == []

    nothing = run_module('ovh_cart_config', {'cart_id': cart_id, 'item_id': item_id, 'state': 'absent'}, sim=sim)
    assert nothing.failed and 'configurations must give the labels to remove' in nothing['msg']


# -- several items in one run ------------------------------------------------------------------------
def test_items_configures_several_items_in_one_run_and_never_shows_the_transfer_code(run_module, sim):
    cart = run_module('ovh_cart', {'description': 'bulk configurations'}, sim=sim)['cart']
    items = run_module('ovh_cart_domain', {'cart_id': cart['cart_id'], 'domains': [{'name': 'bulk-cfg.com'}, {'name': 'taken-bulk-cfg.net'}]},
                       sim=sim)['cart_items']
    new_id, transfer_id = (item['item_id'] for item in items)
    sim.clear_requests()
    args = {'cart_id': cart['cart_id'], 'require_complete': True, 'items': [
        {'item_id': new_id, 'configurations': {'OWNER_LEGAL_AGE': True}},
        {'item_id': transfer_id, 'configurations': {'OWNER_LEGAL_AGE': True, 'AUTH_INFO': AUTH_CODE}},
    ]}
    first = run_module('ovh_cart_config', args, sim=sim, diff=True)
    assert not first.failed, first
    assert first['changed'] is True
    assert [entry['item_id'] for entry in first['item_configurations']] == [new_id, transfer_id]
    assert [entry['missing'] for entry in first['item_configurations']] == [[], []]
    assert stored(sim, new_id) == [('OWNER_LEGAL_AGE', 'true')]
    assert sorted(stored(sim, transfer_id)) == [('AUTH_INFO', AUTH_CODE), ('OWNER_LEGAL_AGE', 'true')]
    assert AUTH_CODE not in json.dumps(first) and first['diff']['after']['items'][str(transfer_id)]['AUTH_INFO'] == '********'
    assert len(sim.mutating_requests()) == 3

    sim.clear_requests()
    again = run_module('ovh_cart_config', args, sim=sim)
    assert again['changed'] is False and sim.mutating_requests() == []


def test_items_checks_every_label_before_any_change(run_module, sim):
    cart = run_module('ovh_cart', {'description': 'bulk refusal'}, sim=sim)['cart']
    items = run_module('ovh_cart_domain', {'cart_id': cart['cart_id'], 'domains': [{'name': 'first-cfg.com'}, {'name': 'second-cfg.com'}]},
                       sim=sim)['cart_items']
    sim.clear_requests()
    result = run_module('ovh_cart_config', {'cart_id': cart['cart_id'], 'items': [
        {'item_id': items[0]['item_id'], 'configurations': {'OWNER_LEGAL_AGE': True}},
        {'item_id': items[1]['item_id'], 'configurations': {'AUTH_INFO': 'NOT-TAKEN-HERE'}},
    ]}, sim=sim)
    assert result.failed and 'does not take AUTH_INFO' in result['msg'] and 'NOT-TAKEN-HERE' not in json.dumps(result)
    assert sim.mutating_requests() == []
