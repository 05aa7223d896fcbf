# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""ovh_domain_info: the portfolio report, read-only, from the simulator's seeded portfolio."""

from __future__ import annotations

import csv
import io

PORTFOLIO = [
    {'domain': 'soon.com', 'expiresInDays': 12.5, 'renewal': 'manual', 'tasks': [{'function': 'DomainDnsUpdate', 'status': 'todo'}]},
    {'domain': 'later.fr', 'expiresInDays': 200.5, 'period': 24, 'dnssecState': 'enabled'},
    {'domain': 'gone.net', 'expiresInDays': -3.5, 'renewal': 'deleteAtExpiration'},
    {'domain': 'xn--bcher-kva.de', 'expiresInDays': 40.5, 'transferLockStatus': 'unlocked', 'nameServers': ['ns1.example.org'],
     'tasks': [{'function': 'DomainContactUpdate', 'status': 'error', 'comment': 'phone refused'},
               {'function': 'DomainCreate', 'status': 'done'}]},
]


def test_the_report_of_the_whole_account(run_module, sim):
    sim.control('POST', 'portfolio', {'domains': PORTFOLIO})
    result = run_module('ovh_domain_info', {'renewal_prices': True, 'output_formats': ['csv', 'markdown']}, sim=sim)
    assert not result.failed, result
    assert result['changed'] is False and result['count'] == 4 and result['not_in_account'] == []
    records = result['domains']
    assert [record['domain'] for record in records] == ['gone.net', 'soon.com', 'xn--bcher-kva.de', 'later.fr']
    gone, soon, books, later = records
    assert gone['days_left'] == -4 and gone['state'] == 'expired' and gone['renewal'] == 'delete_at_expiration'
    assert soon['days_left'] == 12 and soon['renewal'] == 'manual' and soon['renewal_period'] == 'P1Y'
    assert [(task['function'], task['status']) for task in soon['open_tasks']] == [('DomainDnsUpdate', 'todo')]
    assert books['domain_unicode'] == 'bücher.de' and books['transfer_lock'] == 'unlocked' and books['name_server_type'] == 'external'
    assert [task['comment'] for task in books['open_tasks']] == ['phone refused']  # the done task is not open
    assert later['renewal'] == 'automatic' and later['renewal_period'] == 'P2Y' and later['dnssec_state'] == 'enabled'
    assert later['possible_renewal_periods'][:2] == ['P1Y', 'P2Y'] and books['possible_renewal_periods'] == ['P1Y']
    # Prices: one year, and the renewal period (two years of .fr); nothing offered for a domain to be deleted.
    assert soon['renewal_price_per_year'] == {'value': 13.99, 'currency': 'EUR'}
    assert later['renewal_price']['value'] == 19.98 and gone['renewal_price_per_year'] is None
    forecast = result['forecast']
    assert forecast['automatic'] == {'EUR': 19.98 + 7.99} and forecast['manual'] == {'EUR': 13.99} and forecast['domains'] == 3
    assert forecast['unpriced'] == []

    rows = list(csv.DictReader(io.StringIO(result['csv'])))
    assert [row['domain'] for row in rows] == [record['domain'] for record in records]
    assert rows[1]['open_tasks'] == 'DomainDnsUpdate todo' and rows[1]['renewal_price_per_year'] == '13.99 EUR'
    lines = result['markdown'].splitlines()
    assert lines[0].startswith('| Domain | Expires | Days left |') and len(lines) == 6
    assert lines[4].startswith('| bücher.de (xn--bcher-kva.de) |')

    calls = [(r['method'], r['path'], r['query'].get('status')) for r in sim.requests()]
    assert sim.mutating_requests() == []
    assert calls.count(('GET', '/domain', None)) == 1
    assert len([call for call in calls if call[1].endswith('/serviceInfos')]) == 4
    assert sorted(call[2] for call in calls if call[1] == '/me/task/domain') == ['doing', 'error', 'problem', 'todo']
    assert len([call for call in calls if call[1].startswith('/me/task/domain/')]) == 2
    assert len([call for call in calls if call[1].startswith('/order/cartServiceOption/')]) == 4
    assert result['api_calls'] == len(calls) == 1 + 1 + 2 * 4 + 4 + 2 + 4  # /auth/time included


def test_a_list_the_filter_a_429_and_the_request_limit(run_module, sim):
    sim.control('POST', 'portfolio', {'domains': PORTFOLIO})
    sim.add_fault(method='GET', path='/serviceInfos$', status=429, retry_after=0, times=1)
    result = run_module('ovh_domain_info', {'domains': ['SOON.com.', 'later.fr', 'not-mine.org', 'bücher.de'], 'expiring_within': 45,
                                            'requests_per_minute': 1200}, sim=sim, check_mode=True)
    assert not result.failed, result
    assert [record['domain'] for record in result['domains']] == ['soon.com', 'xn--bcher-kva.de']
    assert result['not_in_account'] == ['not-mine.org'] and 'not-mine.org' in str(result['warnings'])
    assert 'forecast' not in result and 'csv' not in result and 'renewal_price' not in result['domains'][0]
    statuses = [r['status'] for r in sim.requests() if r['path'].endswith('/serviceInfos')]
    assert statuses.count(429) == 1 and statuses.count(200) == 3
    pacing = result['pacing']
    assert pacing['requests_per_minute'] == 1200 and pacing['busiest_minute'] == result['api_calls'] and pacing['waited_seconds'] > 0


def test_bad_inputs_fail_before_any_call(run_module, sim):
    for args, message in (({'expiring_within': -1}, 'expiring_within must be a number of days, 0 or more'),
                          ({'domains': ['not a name']}, 'domains[0]'), ({'requests_per_minute': 0}, 'requests_per_minute'),
                          ({'output_formats': ['pdf']}, 'output_formats')):
        result = run_module('ovh_domain_info', args, sim=sim)
        assert result.failed and message in result['msg'], result
    assert sim.requests() == []
