# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check mode predicts the real run: for every refusal a real run can meet before ordering, and for a
valid order, ovh_domain_order in check mode reaches the same verdict with the same message (cart ids
and query ids aside) as the real run that follows it, against the simulator. Check mode leaves
nothing behind, so the real run meets the same state."""

from __future__ import annotations

import re

import pytest

BASE = {'max_price': 100, 'owner_legal_age': True, 'auto_pay': True, 'waive_retractation_period': True, 'name_prefix': 'domain_order_'}
HAMBURG = {'legal_form': 'individual', 'first_name': 'Ada', 'last_name': 'Lovelace', 'email': 'ada@example.org', 'phone': '+49.401234567',
           'address': {'line1': 'Jungfernstieg 1', 'city': 'Hamburg', 'zip': '20095', 'country': 'DE'}}
BERLIN = {'name': 'kiez-predict.berlin', 'configurations': {'ACCEPT_CONDITIONS': True}}
CASES = {
    'legal age not certified': ([{'name': 'no-age.com'}], {'owner_legal_age': False}, 'OWNER_LEGAL_AGE'),
    'wrong transfer code': ([{'name': 'taken-moving.net', 'action': 'transfer', 'auth_info': 'WRONG-CODE-7'}], {},
                            'domain_order_domains[0].auth_info'),
    'trademark claim without its notice': ([{'name': 'claims-brand.com'}], {}, 'CLAIMS_NOTICE'),
    'protected name without its labels': ([{'name': 'protected-name.com'}], {}, 'PROTECTED_CODE'),
    'protected name with a wrong code': ([{'name': 'protected-code.com', 'configurations': {'REASON': 'our brand', 'PROTECTED_CODE': 'NOPE'}}], {},
                                         'domain_order_domains[0].configurations.PROTECTED_CODE'),
    'registry rules with a given owner': ([BERLIN], {'owner': HAMBURG}, 'change domain_order_owner.address.city'),
    'registry rules with the account holder as owner': ([BERLIN], {}, 'the owner would be the account holder'),
    'premium without consent': ([{'name': 'premium-luxury.com'}], {}, 'domain_order_allow_premium=true'),
    'premium with consent, above the limit': ([{'name': 'premium-dear.com'}], {'allow_premium': True}, 'above domain_order_max_price'),
    'price above the limit': ([{'name': 'dear-one.io'}, {'name': 'dear-two.io'}], {'max_price': 60}, 'above domain_order_max_price'),
    'unsold extension': ([{'name': 'nowhere.zz'}], {}, 'OVHcloud makes no offer for it'),
    'reserved name': ([{'name': 'reserved-name.com'}], {}, 'is not orderable'),
}
ANSWER_IDS = re.compile(r'[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|SIM\.[\w.-]+|Item \d+ ')


def normalized(message: str) -> str:
    return ANSWER_IDS.sub('<id>', message)


@pytest.fixture
def order(run_module, sim):
    def run(domains, check_mode, **options):
        return run_module('ovh_domain_order', dict(BASE, domains=domains, **options), sim=sim, check_mode=check_mode)
    return run


@pytest.mark.parametrize('case', list(CASES))
def test_check_mode_fails_exactly_when_the_real_run_fails_with_the_same_message(case, order, sim):
    domains, options, named = CASES[case]
    checked = order(domains, True, **options)
    assert checked.failed, checked
    assert sim.state()['carts'] == [] and sim.state()['orders'] == [] and sim.state()['contacts'] == []
    real = order(domains, False, **options)
    assert real.failed, real
    assert normalized(checked['msg']) == normalized(real['msg'])
    assert named in real['msg']
    assert sim.state()['carts'] == [] and sim.state()['orders'] == []
    assert 'WRONG-CODE-7' not in checked['msg'] + real['msg'] and 'NOPE' not in checked['msg'] + real['msg']


def test_a_valid_order_is_would_order_by_ovhclouds_dry_run_then_ordered(order, sim):
    domains = [{'name': 'valid-one.com'}, {'name': 'taken-valid.net', 'action': 'transfer', 'auth_info': 'SIM-AUTH-OK'},
               {'name': 'protected-valid.com', 'configurations': {'REASON': 'our brand', 'PROTECTED_CODE': 'SIM-PROTECTED-OK'}}]
    checked = order(domains, True)
    assert not checked.failed, checked
    assert {record['outcome'] for record in checked['domains']} == {'would_order'}
    # would_order means OVHcloud's dry run accepted the cart: its quote is the check's quote.
    dry_runs = [request for request in sim.requests() if request['path'].endswith('/checkout')]
    assert [(request['method'], request['status']) for request in dry_runs] == [('GET', 200)]
    assert sim.state()['carts'] == [] and sim.state()['orders'] == []
    real = order(domains, False)
    assert not real.failed, real
    assert {record['outcome'] for record in real['domains']} == {'ordered'}
    assert real['quote']['with_tax'] == checked['quote']['with_tax']


def test_a_refusal_of_one_domain_keeps_the_prices_of_the_others(order, sim):
    domains = [{'name': 'fine-name.com'}, {'name': 'taken-other.net', 'action': 'transfer', 'auth_info': 'WRONG-CODE-7'}]
    for check_mode in (True, False):
        result = order(domains, check_mode)
        assert result.failed
        records = {record['domain']: record for record in result['domains']}
        assert records['taken-other.net']['outcome'] == 'refused'
        assert (records['fine-name.com']['outcome'], records['fine-name.com']['price']) == ('not_ordered', 10.49)
        assert 'not ordered: OVHcloud refused the order because of taken-other.net' in records['fine-name.com']['reason']
        assert any(line.startswith('fine-name.com') and '10.49 EUR' in line for line in result['summary'])
