# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""ovh_cart: what it creates, reuses, updates and deletes, run as Ansible runs it against the simulator."""

from __future__ import annotations

import datetime
import json

import pytest

from ansible_collections.ovhcloud.order.plugins.module_utils._client import api_path


def in_hours(hours: float) -> str:
    moment = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=hours)
    return moment.replace(microsecond=0).isoformat()


def calls(sim, method=None):
    return [(r['method'], r['path']) for r in sim.requests() if method is None or r['method'] == method]


def test_creates_assigned_cart_then_reuses_it(run_module, sim):
    first = run_module('ovh_cart', {'description': 'order one'}, sim=sim)
    assert not first.failed, first
    assert first['changed'] is True
    cart = first['cart']
    assert cart['description'] == 'order one' and cart['assigned'] is True and cart['read_only'] is False and cart['item_ids'] == []
    mutating = [(r['method'], r['path']) for r in sim.mutating_requests()]
    assert mutating == [('POST', '/order/cart'), ('POST', '/order/cart/%s/assign' % cart['cart_id'])]
    creation = next(r for r in sim.requests() if r['method'] == 'POST' and r['path'] == '/order/cart')
    assert creation['body']['ovhSubsidiary'] == 'FR'  # read from GET /me
    assert ('GET', '/me') in calls(sim)
    [stored] = sim.state()['carts']
    assert stored['assignedTo'] == 'sim1234-ovh'

    sim.clear_requests()
    second = run_module('ovh_cart', {'description': 'order one'}, sim=sim)
    assert second['changed'] is False
    assert second['cart']['cart_id'] == cart['cart_id']
    assert sim.mutating_requests() == []
    assert second['api_calls'] == len(sim.requests())
    assert len(sim.state()['carts']) == 1


def test_check_mode_predicts_a_new_cart_without_creating_it(run_module, sim):
    result = run_module('ovh_cart', {'description': 'dry', 'ovh_subsidiary': 'fr', 'expire': in_hours(5)}, sim=sim, check_mode=True, diff=True)
    assert result['changed'] is True
    assert result['cart']['cart_id'] == 'check-mode-planned-cart' and result['cart']['description'] == 'dry' and result['cart']['assigned'] is True
    assert result['diff']['before'] == {'cart': None}
    assert result['diff']['after']['cart']['description'] == 'dry'
    assert sim.mutating_requests() == []
    assert sim.state()['carts'] == []


def test_expire_is_updated_shown_in_diff_and_not_in_check_mode(run_module, sim):
    cart = run_module('ovh_cart', {'description': 'exp'}, sim=sim)['cart']
    later = in_hours(30)
    sim.clear_requests()
    checked = run_module('ovh_cart', {'description': 'exp', 'expire': later}, sim=sim, check_mode=True, diff=True)
    assert checked['changed'] is True
    assert checked['diff']['before']['cart']['expire'] == cart['expire']
    assert checked['diff']['after']['cart']['expire'] != cart['expire']
    assert sim.mutating_requests() == []

    updated = run_module('ovh_cart', {'description': 'exp', 'expire': later}, sim=sim, diff=True)
    assert updated['changed'] is True and updated['cart']['cart_id'] == cart['cart_id']
    assert [(r['method'], r['path']) for r in sim.mutating_requests()] == [('PUT', '/order/cart/%s' % cart['cart_id'])]
    sim.clear_requests()
    again = run_module('ovh_cart', {'description': 'exp', 'expire': later}, sim=sim)
    assert again['changed'] is False and sim.mutating_requests() == []


def test_reuses_the_newest_of_several_carts_and_warns(run_module, sim):
    client = sim.api_client()
    ids = []
    for hours in (10, 20):
        cart = client.post('/order/cart', body={'ovhSubsidiary': 'FR', 'description': 'twice', 'expire': in_hours(hours)})
        client.post(api_path('/order/cart/{}/assign', cart['cartId']), safe=True)
        ids.append(cart['cartId'])
    sim.clear_requests()
    result = run_module('ovh_cart', {'description': 'twice'}, sim=sim)
    assert result['changed'] is False
    assert result['cart']['cart_id'] == ids[1]
    assert '2 usable carts' in json.dumps(result.get('warnings'))  # 2.19 sends warnings as structured events
    assert sim.mutating_requests() == []


def test_unassigned_or_checked_out_carts_are_not_reused(run_module, sim):
    client = sim.api_client()
    unassigned = client.post('/order/cart', body={'ovhSubsidiary': 'FR', 'description': 'shop'})
    done = client.post('/order/cart', body={'ovhSubsidiary': 'FR', 'description': 'shop'})
    client.post(api_path('/order/cart/{}/assign', done['cartId']), safe=True)
    item = client.post(api_path('/order/cart/{}/domain', done['cartId']), body={'domain': 'shop-done.com'})
    client.post(api_path('/order/cart/{}/item/{}/configuration', done['cartId'], item['itemId']), body={'label': 'OWNER_LEGAL_AGE', 'value': 'true'})
    client.post(api_path('/order/cart/{}/checkout', done['cartId']), body={})
    result = run_module('ovh_cart', {'description': 'shop'}, sim=sim)
    assert result['changed'] is True
    assert result['cart']['cart_id'] not in (unassigned['cartId'], done['cartId'])

    read_only = run_module('ovh_cart', {'cart_id': done['cartId']}, sim=sim)
    assert read_only['changed'] is False and read_only['cart']['read_only'] is True
    refused = run_module('ovh_cart', {'cart_id': done['cartId'], 'expire': in_hours(40)}, sim=sim)
    assert refused.failed and 'read-only' in refused['msg']


def test_cart_id_of_an_unassigned_cart_gets_assigned(run_module, sim):
    client = sim.api_client()
    cart = client.post('/order/cart', body={'ovhSubsidiary': 'FR'})
    sim.clear_requests()
    checked = run_module('ovh_cart', {'cart_id': cart['cartId'], 'description': 'named'}, sim=sim, check_mode=True, diff=True)
    assert checked['changed'] is True and sim.mutating_requests() == []
    assert checked['diff']['before']['cart']['assigned'] is False and checked['diff']['after']['cart']['assigned'] is True
    result = run_module('ovh_cart', {'cart_id': cart['cartId'], 'description': 'named'}, sim=sim)
    assert result['changed'] is True and result['cart']['assigned'] is True and result['cart']['description'] == 'named'
    assert {(r['method'], r['path']) for r in sim.mutating_requests()} == {
        ('PUT', '/order/cart/%s' % cart['cartId']), ('POST', '/order/cart/%s/assign' % cart['cartId'])}
    sim.clear_requests()
    again = run_module('ovh_cart', {'cart_id': cart['cartId'], 'description': 'named'}, sim=sim)
    assert again['changed'] is False and sim.mutating_requests() == []


def test_summary_is_returned_when_the_cart_has_items(run_module, sim):
    cart = run_module('ovh_cart', {'description': 'sum'}, sim=sim)['cart']
    sim.api_client().post(api_path('/order/cart/{}/domain', cart['cart_id']), body={'domain': 'summary-test.com'})
    result = run_module('ovh_cart', {'description': 'sum'}, sim=sim)
    assert len(result['cart']['item_ids']) == 1
    summary = result['cart']['summary']
    assert summary['without_tax']['currency'] == 'EUR' and summary['with_tax']['value'] > summary['without_tax']['value']
    assert any(line['domain'] == 'summary-test.com' for line in summary['details'])


def test_absent_deletes_by_id_and_by_description(run_module, sim):
    one = run_module('ovh_cart', {'description': 'gone'}, sim=sim)['cart']
    sim.clear_requests()
    checked = run_module('ovh_cart', {'cart_id': one['cart_id'], 'state': 'absent'}, sim=sim, check_mode=True, diff=True)
    assert checked['changed'] is True and checked['deleted'] == [one['cart_id']] and sim.mutating_requests() == []
    assert checked['diff']['after'] == {'cart %s' % one['cart_id']: None}
    removed = run_module('ovh_cart', {'cart_id': one['cart_id'], 'state': 'absent'}, sim=sim)
    assert removed['changed'] is True and removed['cart'] is None
    assert sim.state()['carts'] == []
    sim.clear_requests()
    again = run_module('ovh_cart', {'cart_id': one['cart_id'], 'state': 'absent'}, sim=sim)
    assert again['changed'] is False and again['deleted'] == [] and sim.mutating_requests() == []

    run_module('ovh_cart', {'description': 'gone too'}, sim=sim)
    by_description = run_module('ovh_cart', {'description': 'gone too', 'state': 'absent'}, sim=sim)
    assert by_description['changed'] is True and len(by_description['deleted']) == 1
    assert sim.state()['carts'] == []


@pytest.mark.parametrize('args, option', [
    ({'description': 'x', 'expire': 'tomorrow'}, 'expire'),
    ({'description': 'x', 'expire': '2001-01-01T00:00:00+00:00'}, 'expire'),
    ({'description': 'x', 'ovh_subsidiary': 'XX'}, 'ovh_subsidiary'),
    ({'state': 'present'}, 'cart_id, description'),
])
def test_bad_input_fails_before_any_request(run_module, sim, args, option):
    result = run_module('ovh_cart', args, sim=sim)
    assert result.failed and option in result['msg']
    assert sim.requests() == []


def test_missing_credentials_fail_before_any_request(run_module, sim):
    result = run_module('ovh_cart', {'description': 'x', 'endpoint': sim.base_url})
    assert result.failed and 'application_key' in result['msg']
    assert sim.requests() == []


def test_unknown_cart_id_fails_clearly(run_module, sim):
    result = run_module('ovh_cart', {'cart_id': 'a1b2c3'}, sim=sim)
    assert result.failed and 'cart_id a1b2c3' in result['msg']
    assert sim.mutating_requests() == []
