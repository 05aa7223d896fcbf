# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""ovh_domain_offer_info: offers read through a temporary cart that never outlives the task."""

from __future__ import annotations

import pytest

DOMAINS = ['Example.COM.', 'premium-shop.com', 'aftermarket-deal.net', 'taken-site.fr', 'reserved-city.org', 'bücher.de']


def test_offers_in_input_order_and_the_temporary_cart_is_gone(run_module, sim):
    sim.control('POST', 'domains', {'domain': 'mine.com'})
    result = run_module('ovh_domain_offer_info', {'domains': DOMAINS + ['mine.com']}, sim=sim)
    assert not result.failed, result
    assert result['changed'] is False
    offers = {offer['domain']: offer for offer in result['offers']}
    assert [offer['domain'] for offer in result['offers']] == [
        'example.com', 'premium-shop.com', 'aftermarket-deal.net', 'taken-site.fr', 'reserved-city.org', 'xn--bcher-kva.de', 'mine.com']

    standard = offers['example.com']
    assert standard['orderable'] and standard['action'] == 'create' and standard['pricing_mode'] == 'create-default'
    assert standard['premium'] is False and standard['owned'] is False
    assert standard['price'] == standard['prices']['TOTAL']['value'] == 10.49 and standard['currency'] == 'EUR'
    assert set(standard['prices']) >= {'PRICE', 'RENEW', 'DISCOUNT', 'FEE', 'TOTAL'}
    assert 'P10Y' in standard['durations']
    assert {'label': 'OWNER_LEGAL_AGE', 'required': True}.items() <= standard['required_configurations'][0].items()

    assert offers['premium-shop.com']['premium'] is True and offers['premium-shop.com']['price'] == 2500.0
    assert offers['aftermarket-deal.net']['premium'] is True and offers['aftermarket-deal.net']['pricing_mode'] == 'transfer-aftermarket1'
    taken = offers['taken-site.fr']
    assert taken['action'] == 'transfer' and taken['premium'] is False
    assert 'AUTH_INFO' in [entry['label'] for entry in taken['required_configurations'] if entry['required']]
    assert offers['reserved-city.org']['orderable'] is False
    assert offers['mine.com']['owned'] is True and offers['mine.com']['orderable'] is False

    assert sim.state()['carts'] == []
    methods = [r['method'] for r in sim.mutating_requests()]
    assert methods == ['POST', 'POST', 'DELETE']
    creation = sim.mutating_requests()[0]
    assert creation['body']['description'] == 'ovhcloud.order offer lookup' and 'expire' in creation['body']


def test_check_mode_reads_the_same_offers(run_module, sim):
    normal = run_module('ovh_domain_offer_info', {'domains': ['example.fr']}, sim=sim)
    sim.clear_requests()
    checked = run_module('ovh_domain_offer_info', {'domains': ['example.fr'], 'ovh_subsidiary': 'FR'}, sim=sim, check_mode=True)
    assert checked['changed'] is False
    assert checked['offers'] == normal['offers']
    assert [r['method'] for r in sim.mutating_requests()] == ['POST', 'POST', 'DELETE']  # the temporary cart only
    assert ('GET', '/me') not in [(r['method'], r['path']) for r in sim.requests()]  # the subsidiary was given
    assert sim.state()['carts'] == []


def test_a_name_asked_twice_is_read_once(run_module, sim):
    result = run_module('ovh_domain_offer_info', {'domains': ['twice.com', 'TWICE.com']}, sim=sim)
    assert [offer['domain'] for offer in result['offers']] == ['twice.com', 'twice.com']
    assert len([r for r in sim.requests() if r['path'].endswith('/domain')]) == 1


def test_the_temporary_cart_is_deleted_when_reading_fails(run_module, sim):
    sim.add_fault(method='GET', path=r'^/order/cart/[^/]+/domain$', status=400, times=1)
    result = run_module('ovh_domain_offer_info', {'domains': ['broken.com']}, sim=sim)
    assert result.failed
    assert result['msg'].startswith('Failed to read the offer for broken.com: GET /order/cart/')
    assert sim.state()['carts'] == []
    assert sim.mutating_requests()[-1]['method'] == 'DELETE'


@pytest.mark.parametrize('args, option', [
    ({'domains': ['not a domain']}, 'domains'),
    ({'domains': ['example']}, 'domains'),
    ({'domains': []}, 'domains'),
    ({'domains': ['example.com'], 'ovh_subsidiary': 'ZZ'}, 'ovh_subsidiary'),
])
def test_bad_input_fails_before_any_request(run_module, sim, args, option):
    result = run_module('ovh_domain_offer_info', args, sim=sim)
    assert result.failed and option in result['msg']
    assert sim.requests() == []
