# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""ovh_cart_domain: which items it adds, keeps, replaces and removes, and the guards before any POST."""

from __future__ import annotations

import pytest


@pytest.fixture
def cart_id(run_module, sim):
    cart = run_module('ovh_cart', {'description': 'domains'}, sim=sim)['cart']
    sim.clear_requests()
    return cart['cart_id']


def cart_items(sim):
    [cart] = sim.state()['carts']
    return cart['items']


def test_adds_the_domain_once(run_module, sim, cart_id):
    first = run_module('ovh_cart_domain', {'cart_id': cart_id, 'domain': 'Example.com.', 'duration': 'P2Y'}, sim=sim, diff=True)
    assert not first.failed, first
    assert first['changed'] is True
    item = first['item']
    assert item['domain'] == 'example.com' and item['duration'] == 'P2Y' and item['action'] == 'create'
    assert item['pricing_mode'] == 'create-default' and isinstance(item['item_id'], int)
    assert item['prices']['TOTAL'] == {'value': 24.48, 'currency': 'EUR', 'text': '24.48 €'}
    assert first['diff'] == {'before': {'item': None},
                             'after': {'item': {'item_id': item['item_id'], 'domain': 'example.com', 'duration': 'P2Y',
                                                'action': 'create', 'pricing_mode': 'create-default'}}}
    [post] = sim.mutating_requests()
    assert post['path'] == '/order/cart/%s/domain' % cart_id
    assert post['body'] == {'domain': 'example.com', 'duration': 'P2Y', 'planCode': 'com', 'pricingMode': 'create-default', 'quantity': 1}

    sim.clear_requests()
    second = run_module('ovh_cart_domain', {'cart_id': cart_id, 'domain': 'example.com', 'duration': 'P2Y'}, sim=sim)
    assert second['changed'] is False and second['item']['item_id'] == item['item_id']
    assert sim.mutating_requests() == []
    assert len(cart_items(sim)) == 1


def test_check_mode_predicts_the_item_without_adding_it(run_module, sim, cart_id):
    result = run_module('ovh_cart_domain', {'cart_id': cart_id, 'domain': 'dry-run.fr'}, sim=sim, check_mode=True, diff=True)
    assert result['changed'] is True
    assert result['item']['item_id'] is None and result['item']['prices']['TOTAL']['value'] == 4.99
    assert result['diff']['after']['item']['domain'] == 'dry-run.fr'
    assert sim.mutating_requests() == [] and cart_items(sim) == []


def test_another_duration_replaces_the_item(run_module, sim, cart_id):
    old = run_module('ovh_cart_domain', {'cart_id': cart_id, 'domain': 'longer.com'}, sim=sim)['item']
    sim.clear_requests()
    checked = run_module('ovh_cart_domain', {'cart_id': cart_id, 'domain': 'longer.com', 'duration': 'P3Y'}, sim=sim, check_mode=True, diff=True)
    assert checked['changed'] is True and checked['removed'] == [old['item_id']] and sim.mutating_requests() == []
    assert checked['diff']['before']['item']['duration'] == 'P1Y' and checked['diff']['after']['item']['duration'] == 'P3Y'

    replaced = run_module('ovh_cart_domain', {'cart_id': cart_id, 'domain': 'longer.com', 'duration': 'P3Y'}, sim=sim, diff=True)
    assert replaced['changed'] is True and replaced['removed'] == [old['item_id']]
    assert replaced['item']['item_id'] != old['item_id'] and replaced['item']['duration'] == 'P3Y'
    assert [r['method'] for r in sim.mutating_requests()] == ['DELETE', 'POST']
    assert replaced['diff']['before']['item']['item_id'] == old['item_id']
    assert [(item['domain'], item['duration']) for item in cart_items(sim)] == [('longer.com', 'P3Y')]


def test_premium_needs_allow_premium(run_module, sim, cart_id):
    refused = run_module('ovh_cart_domain', {'cart_id': cart_id, 'domain': 'premium-gold.com'}, sim=sim)
    assert refused.failed
    assert 'premium' in refused['msg'] and '2500.00 EUR' in refused['msg'] and 'allow_premium' in refused['msg']
    assert sim.mutating_requests() == []

    allowed = run_module('ovh_cart_domain', {'cart_id': cart_id, 'domain': 'premium-gold.com', 'allow_premium': True}, sim=sim)
    assert allowed['changed'] is True and allowed['item']['pricing_mode'] == 'create-premium'


def test_aftermarket_needs_allow_premium(run_module, sim, cart_id):
    refused = run_module('ovh_cart_domain', {'cart_id': cart_id, 'domain': 'aftermarket-x.net'}, sim=sim)
    assert refused.failed and 'aftermarket' in refused['msg'] and '1550.00 EUR' in refused['msg'] and 'allow_premium' in refused['msg']
    assert sim.mutating_requests() == []


@pytest.mark.parametrize('args, expected', [
    ({'domain': 'reserved-town.com'}, 'reserved-town.com is not orderable'),
    ({'domain': 'short.io', 'duration': 'P9Y'}, 'offered durations: P1Y, P2Y, P3Y, P4Y, P5Y'),
    ({'domain': 'new.com', 'action': 'transfer'}, 'action=transfer is not offered for new.com; offered: create (create-default)'),
    ({'domain': 'new.com', 'pricing_mode': 'create-premium'}, 'pricing_mode=create-premium is not offered'),
    ({'domain': 'nowhere.invalid'}, 'OVHcloud makes no offer for it'),
])
def test_guards_fail_before_any_post(run_module, sim, cart_id, args, expected):
    result = run_module('ovh_cart_domain', dict(args, cart_id=cart_id), sim=sim)
    assert result.failed and expected in result['msg'], result['msg']
    assert sim.mutating_requests() == []


def test_transfer_offer_is_taken_by_default(run_module, sim, cart_id):
    result = run_module('ovh_cart_domain', {'cart_id': cart_id, 'domain': 'taken-away.com', 'action': 'transfer'}, sim=sim)
    assert result['changed'] is True and result['item']['action'] == 'transfer' and result['item']['pricing_mode'] == 'transfer-default'


@pytest.mark.parametrize('args, option', [
    ({'domain': 'example.com', 'duration': 'P11Y'}, 'duration'),
    ({'domain': 'example.com', 'duration': '12'}, 'duration'),
    ({'domain': 'exa mple.com'}, 'domain'),
    ({'domain': '-bad-.com'}, 'domain'),
])
def test_bad_input_fails_before_any_request(run_module, sim, cart_id, args, option):
    result = run_module('ovh_cart_domain', dict(args, cart_id=cart_id), sim=sim)
    assert result.failed and result['msg'].startswith(option)
    assert sim.requests() == []


def test_absent_removes_the_item(run_module, sim, cart_id):
    item = run_module('ovh_cart_domain', {'cart_id': cart_id, 'domain': 'remove-me.org'}, sim=sim)['item']
    sim.clear_requests()
    checked = run_module('ovh_cart_domain', {'cart_id': cart_id, 'domain': 'remove-me.org', 'state': 'absent'}, sim=sim, check_mode=True, diff=True)
    assert checked['changed'] is True and checked['removed'] == [item['item_id']] and sim.mutating_requests() == []
    assert checked['diff']['after'] == {'item': None}
    removed = run_module('ovh_cart_domain', {'cart_id': cart_id, 'domain': 'remove-me.org', 'state': 'absent'}, sim=sim)
    assert removed['changed'] is True and removed['item'] is None and cart_items(sim) == []
    sim.clear_requests()
    again = run_module('ovh_cart_domain', {'cart_id': cart_id, 'domain': 'remove-me.org', 'state': 'absent'}, sim=sim)
    assert again['changed'] is False and sim.mutating_requests() == []


def test_unknown_cart_fails_without_change(run_module, sim):
    result = run_module('ovh_cart_domain', {'cart_id': 'no-such-cart', 'domain': 'example.com'}, sim=sim)
    assert result.failed and 'no-such-cart' in result['msg']
    assert sim.mutating_requests() == []


# -- several domains in one run ----------------------------------------------------------------------
BULK = [{'name': 'bulk-one.com'}, {'name': 'bulk-two.fr', 'duration': 'P2Y'}, {'name': 'bulk-three.net'}]


def test_domains_adds_every_missing_item_in_one_run_and_a_rerun_changes_nothing(run_module, sim, cart_id):
    checked = run_module('ovh_cart_domain', {'cart_id': cart_id, 'domains': BULK}, sim=sim, check_mode=True, diff=True)
    assert checked['changed'] is True and sim.mutating_requests() == []
    assert [item['item_id'] for item in checked['cart_items']] == [None, None, None]
    assert sorted(checked['diff']['after']['items']) == ['bulk-one.com', 'bulk-three.net', 'bulk-two.fr']

    sim.clear_requests()
    added = run_module('ovh_cart_domain', {'cart_id': cart_id, 'domains': BULK}, sim=sim)
    assert not added.failed, added
    assert added['changed'] is True and added['item'] is None
    assert [(item['domain'], item['duration']) for item in added['cart_items']] == [('bulk-one.com', 'P1Y'), ('bulk-two.fr', 'P2Y'), ('bulk-three.net', 'P1Y')]
    # The item of a two-year registration is priced for both years.
    assert added['cart_items'][1]['prices']['TOTAL']['value'] == 14.98
    offers = [request for request in sim.requests() if request['method'] == 'GET' and request['path'].endswith('/domain')]
    assert len(offers) == 3 and [request['method'] for request in sim.mutating_requests()] == ['POST'] * 3
    assert sorted((item['domain'], item['duration']) for item in cart_items(sim)) == [
        ('bulk-one.com', 'P1Y'), ('bulk-three.net', 'P1Y'), ('bulk-two.fr', 'P2Y')]

    sim.clear_requests()
    again = run_module('ovh_cart_domain', {'cart_id': cart_id, 'domains': BULK}, sim=sim)
    assert again['changed'] is False and sim.mutating_requests() == []
    assert [item['item_id'] for item in again['cart_items']] == [item['item_id'] for item in added['cart_items']]


def test_domains_checks_every_guard_before_any_change(run_module, sim, cart_id):
    result = run_module('ovh_cart_domain', {'cart_id': cart_id, 'domains': BULK + [{'name': 'premium-bulk.com'}]}, sim=sim)
    assert result.failed and 'premium-bulk.com is a premium name' in result['msg']
    assert sim.mutating_requests() == [] and cart_items(sim) == []


@pytest.mark.parametrize('args, message', [
    ({'domains': []}, 'domains must list at least one domain name'),
    ({'domains': [{'name': 'twice.com'}, {'name': 'TWICE.com.'}]}, 'domains[1].name: twice.com is listed twice'),
    ({'domains': [{'name': 'x.com', 'duration': 'P0Y'}]}, 'domains[0].duration must be one of'),
    ({'domain': 'x.com', 'domains': [{'name': 'y.com'}]}, 'mutually exclusive'),
    ({}, 'one of the following is required: domain, domains'),
])
def test_bad_bulk_input_fails_before_any_request(run_module, sim, cart_id, args, message):
    result = run_module('ovh_cart_domain', dict(args, cart_id=cart_id), sim=sim)
    assert result.failed and message in result['msg'], result['msg']
    assert sim.requests() == []
