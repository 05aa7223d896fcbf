# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Plan codes as OVHcloud sells names: the public suffix (``co.uk`` for shop.co.uk, never ``uk``),
the offer's own plan code first when the API gives one. The simulator refuses a wrong plan code, so
an order under a multi-label suffix going through is the proof; the request log shows what was sent."""

from __future__ import annotations

import pytest

from ansible_collections.ovhcloud.order.plugins.module_utils._cart import add_body, normalize_offer
from ansible_collections.ovhcloud.order.plugins.module_utils._domain import MULTI_LABEL_SUFFIXES, plan_code_for


@pytest.mark.parametrize('domain, plan_code', [
    ('example.com', 'com'), ('www.example.com', 'com'), ('shop.co.uk', 'co.uk'), ('shop.org.uk', 'org.uk'),
    ('shop.com.au', 'com.au'), ('a.b.com.au', 'com.au'), ('co.uk', 'uk'), ('example.uk', 'uk'),
    ('xn--bcher-kva.de', 'de'), ('example.berlin', 'berlin'), ('example.gov.uk', 'uk'),
])
def test_the_plan_code_is_the_public_suffix_the_name_is_sold_under(domain, plan_code):
    assert plan_code_for(domain) == plan_code


def test_the_table_holds_only_multi_label_suffixes_in_lower_case():
    assert all(suffix.count('.') >= 1 and suffix == suffix.lower() for suffix in MULTI_LABEL_SUFFIXES)


def test_the_offers_plan_code_wins_when_the_api_gives_one():
    offer = normalize_offer('shop.co.uk', {'orderable': True, 'pricingMode': 'create-default', 'planCode': 'co.uk-special'})
    assert offer['plan_code'] == 'co.uk-special'
    assert add_body('shop.co.uk', 'P1Y', offer)['planCode'] == 'co.uk-special'
    offer = normalize_offer('shop.co.uk', {'orderable': True, 'pricingMode': 'create-default'})
    expected = {'domain': 'shop.co.uk', 'duration': 'P1Y', 'planCode': 'co.uk', 'pricingMode': 'create-default', 'quantity': 1}
    assert add_body('shop.co.uk', 'P1Y', offer) == expected


def _sent_plan_codes(sim) -> dict:
    return {request['body']['domain']: request['body']['planCode'] for request in sim.requests()
            if request['method'] == 'POST' and request['path'].endswith('/domain') and request['path'].startswith('/order/cart/')}


def test_names_under_multi_label_suffixes_are_ordered_with_their_plan_code(run_module, sim):
    names = ['plan-shop.co.uk', 'plan-shop.org.uk', 'plan-shop.com.au', 'plan-shop.com']
    result = run_module('ovh_domain_order', {'domains': [{'name': name} for name in names], 'max_price': 100, 'owner_legal_age': True,
                                             'auto_pay': True, 'waive_retractation_period': True}, sim=sim)
    assert not result.failed, result
    assert {record['domain']: record['outcome'] for record in result['domains']} == dict.fromkeys(names, 'ordered')
    assert _sent_plan_codes(sim) == {'plan-shop.co.uk': 'co.uk', 'plan-shop.org.uk': 'org.uk', 'plan-shop.com.au': 'com.au',
                                     'plan-shop.com': 'com'}
    assert [request['status'] for request in sim.mutating_requests() if request['status'] != 200] == []
    [order] = sim.state()['orders']
    assert sorted(order['domains']) == sorted(names)


def test_the_cart_module_and_the_offer_module_use_the_same_plan_code(run_module, sim, api):
    offers = run_module('ovh_domain_offer_info', {'domains': ['plan-info.co.uk']}, sim=sim)
    assert not offers.failed, offers
    assert offers['offers'][0]['plan_code'] == 'co.uk'
    cart = api.post('/order/cart', body={'ovhSubsidiary': 'FR'})
    api.post('/order/cart/%s/assign' % cart['cartId'], safe=True)
    sim.clear_requests()
    added = run_module('ovh_cart_domain', {'cart_id': cart['cartId'], 'domain': 'plan-cart.org.uk'}, sim=sim)
    assert not added.failed, added
    assert added['item']['plan_code'] == 'org.uk'
    assert _sent_plan_codes(sim) == {'plan-cart.org.uk': 'org.uk'}
    assert [item['planCode'] for item in sim.state()['carts'][0]['items']] == ['org.uk']
