# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""ovh_domain_renewal_policy: renewal settings as desired state, one PUT per domain that changes."""

from __future__ import annotations

PORTFOLIO = [
    {'domain': 'auto.com', 'expiresInDays': 100},
    {'domain': 'by-hand.fr', 'expiresInDays': 100, 'renewal': 'manual'},
    {'domain': 'short.de', 'expiresInDays': 100},
    {'domain': 'old-campaign.net', 'expiresInDays': 100},
]
POLICY = {
    'renewal': 'automatic', 'period': 'P2Y',
    'domains': [{'name': 'AUTO.com.'}, {'name': 'by-hand.fr'}, {'name': 'short.de', 'period': 'P1Y'},
                {'name': 'old-campaign.net', 'delete_at_expiration': True}],
}


def settings(sim):
    return {entry['domain']: entry['renew'] for entry in sim.state()['domains']}


def test_check_mode_then_the_change_then_a_rerun_that_sends_nothing(run_module, sim):
    sim.control('POST', 'portfolio', {'domains': PORTFOLIO})
    before = settings(sim)
    checked = run_module('ovh_domain_renewal_policy', POLICY, sim=sim, check_mode=True, diff=True)
    assert not checked.failed, checked
    assert checked['changed'] is True and settings(sim) == before and sim.mutating_requests() == []
    assert checked['diff']['before'] == {
        'auto.com': {'renewal': 'automatic', 'period': 'P1Y', 'delete_at_expiration': False},
        'by-hand.fr': {'renewal': 'manual', 'period': 'P1Y', 'delete_at_expiration': False},
        'old-campaign.net': {'renewal': 'automatic', 'period': 'P1Y', 'delete_at_expiration': False}}
    assert checked['diff']['after'] == {
        'auto.com': {'renewal': 'automatic', 'period': 'P2Y', 'delete_at_expiration': False},
        'by-hand.fr': {'renewal': 'automatic', 'period': 'P2Y', 'delete_at_expiration': False},
        'old-campaign.net': {'renewal': 'manual', 'period': 'P2Y', 'delete_at_expiration': True}}
    assert [record['changed'] for record in checked['domains']] == [True, True, False, True]

    sim.clear_requests()
    applied = run_module('ovh_domain_renewal_policy', POLICY, sim=sim, diff=True)
    assert applied['changed'] is True and applied['diff'] == checked['diff']
    puts = sorted((r['path'], r['body']['renew']['automatic'], r['body']['renew']['period'], r['body']['renew']['deleteAtExpiration'])
                  for r in sim.mutating_requests())
    assert puts == [('/domain/auto.com/serviceInfos', True, 24, False), ('/domain/by-hand.fr/serviceInfos', True, 24, False),
                    ('/domain/old-campaign.net/serviceInfos', False, 24, True)]
    after = settings(sim)
    assert after['by-hand.fr']['automatic'] is True and after['by-hand.fr']['period'] == 24 and after['short.de'] == before['short.de']
    assert after['old-campaign.net']['deleteAtExpiration'] is True and after['old-campaign.net']['automatic'] is False

    sim.clear_requests()
    rerun = run_module('ovh_domain_renewal_policy', POLICY, sim=sim, diff=True)
    assert rerun['changed'] is False and sim.mutating_requests() == [] and rerun['diff'] == {'before': {}, 'after': {}}
    assert rerun['api_calls'] == 1 + 4  # /auth/time and one serviceInfos each


def test_bad_inputs_are_refused_before_any_put(run_module, sim):
    sim.control('POST', 'portfolio', {'domains': PORTFOLIO})
    cases = (
        ({'domains': [{'name': 'auto.com', 'renewal': 'automatic', 'delete_at_expiration': True}]},
         'domains[0]: renewal=automatic and delete_at_expiration=true exclude each other'),
        ({'delete_at_expiration': True, 'renewal': 'automatic', 'domains': [{'name': 'auto.com'}]}, 'exclude each other'),
        ({'domains': [{'name': 'auto.com'}]}, 'domains[0] sets nothing'),
        ({'renewal': 'manual', 'domains': [{'name': 'auto.com'}, {'name': 'not-mine.com'}]}, 'domains[1].name: the account does not hold not-mine.com'),
        ({'period': 'P2Y', 'domains': [{'name': 'auto.com'}, {'name': 'short.de'}]}, 'domains[1].period: OVHcloud does not renew short.de for P2Y'),
        ({'renewal': 'manual', 'domains': [{'name': 'auto.com'}, {'name': 'Auto.com'}]}, 'listed twice'),
        ({'renewal': 'manual', 'domains': [{'name': 'auto..com'}]}, 'domains[0].name'),
        ({'renewal': 'sometimes', 'domains': [{'name': 'auto.com'}]}, 'renewal'),
    )
    for args, message in cases:
        result = run_module('ovh_domain_renewal_policy', args, sim=sim)
        assert result.failed and message in result['msg'], (args, result)
    assert sim.mutating_requests() == []


def test_a_failed_put_names_what_changed(run_module, sim):
    sim.control('POST', 'portfolio', {'domains': PORTFOLIO})
    sim.add_fault(method='PUT', path='^/domain/by-hand.fr/serviceInfos$', status=400, times=-1)
    sim.add_fault(method='PUT', path='^/domain/auto.com/serviceInfos$', status=503, retry_after=0, times=1)  # retried: a PUT is idempotent
    result = run_module('ovh_domain_renewal_policy', {'renewal': 'manual', 'domains': [{'name': 'auto.com'}, {'name': 'by-hand.fr', 'period': 'P3Y'}]},
                        sim=sim)
    assert result.failed and result['changed'] is True
    assert 'Failed to change the renewal settings of by-hand.fr' in result['msg'] and 'These changed: auto.com' in result['msg']
    assert result['failure']['http_status'] == 400
    assert settings(sim)['auto.com']['automatic'] is False
