# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The pure parts of renewals and reports (no HTTP): when a domain is due, what is refused, the
request pacer, the forecast and the renewal settings a policy asks for."""

from __future__ import annotations

import datetime

import pytest

from ansible_collections.ovhcloud.order.plugins.module_utils import _portfolio as portfolio
from ansible_collections.ovhcloud.order.plugins.module_utils._pacing import RequestPacer
from ansible_collections.ovhcloud.order.plugins.module_utils._renewal import check_window, decide, renewal_requests, summary_lines

TODAY = datetime.date(2026, 3, 10)
OPTIONS = [{'plan_code': 'com', 'pricing_mode': 'default', 'duration': 'P%dY' % years,
            'price': {'value': 13.99 * years, 'currency': 'EUR', 'text': ''}} for years in (1, 2, 3)]


def service(expires, periods=(12, 24, 36), status='ok'):
    return {'expiration': expires, 'possibleRenewPeriod': list(periods), 'status': status, 'renew': {'automatic': True}}


def request(duration='P1Y', name='example.com'):
    return renewal_requests([{'name': name, 'duration': duration}])[0]


@pytest.mark.parametrize('expires, duration, within, outcome', [
    ('2026-03-10', 'P1Y', None, 'due'),         # expires today: still renewable, due
    ('2027-03-09', 'P1Y', None, 'due'),         # one day short of a year
    ('2027-03-10', 'P1Y', None, 'not_due'),     # held for exactly the duration: done
    ('2027-12-01', 'P2Y', None, 'due'),
    ('2026-04-09', 'P1Y', 30, 'due'),           # 30 days away, window 30
    ('2026-04-10', 'P1Y', 30, 'not_due'),
    ('2026-03-09', 'P1Y', None, 'refused'),     # past its expiry date
])
def test_when_a_domain_is_due(expires, duration, within, outcome):
    record = decide(request(duration), service(expires), OPTIONS, TODAY, within)
    assert record['outcome'] == outcome, record
    if outcome == 'due':
        renewed = datetime.date.fromisoformat(record['new_expiration_date'])
        assert renewed.year == int(expires[:4]) + int(duration[1:-1])
        # After the delivery the same run finds it not due: the new expiry date shows the renewal is done.
        assert decide(request(duration), service(record['new_expiration_date']), OPTIONS, TODAY, within)['outcome'] == 'not_due'


def test_refusals_name_the_option():
    assert 'domains[0].name: the account does not hold' in decide(request(), None, OPTIONS, TODAY)['reason']
    assert 'OVHcloud offers no renewal' in decide(request(), service('2026-04-01'), [], TODAY)['reason']
    refused = decide(request('P5Y'), service('2026-04-01'), OPTIONS, TODAY)
    assert refused['reason'] == 'domains[0].duration: OVHcloud renews example.com for P1Y, P2Y, P3Y only, not P5Y'
    narrower = decide(request('P3Y'), service('2026-04-01', periods=(12,)), OPTIONS, TODAY)
    assert narrower['outcome'] == 'refused' and 'for P1Y only' in narrower['reason']
    assert 'no expiry date' in decide(request(), dict(service(None)), OPTIONS, TODAY)['reason']


def test_inputs():
    assert [entry['duration'] for entry in renewal_requests([{'name': 'a.com'}, {'name': 'b.com', 'duration': 'P3Y'}], 'P1Y')] == ['P1Y', 'P3Y']
    with pytest.raises(ValueError, match=r'domains\[1\] \(b.com\) names no duration'):
        renewal_requests([{'name': 'a.com', 'duration': 'P1Y'}, {'name': 'b.com'}])
    with pytest.raises(ValueError, match='listed twice'):
        renewal_requests([{'name': 'a.com'}, {'name': 'A.COM.'}], 'P1Y')
    two = renewal_requests([{'name': 'a.com', 'duration': 'P2Y'}, {'name': 'b.com'}], 'P1Y')
    check_window(365, two)
    with pytest.raises(ValueError, match=r'longer than the domains\[1\].duration of b.com \(P1Y\)'):
        check_window(366, two)
    with pytest.raises(ValueError, match='0 or more'):
        check_window(-1, two)


def test_the_pacer_spaces_requests_across_threads():
    clock = [100.0]
    waits = []

    def sleep(seconds):
        waits.append(seconds)

    pacer = RequestPacer(60, clock=lambda: clock[0], sleep=sleep)
    for dummy in range(5):
        pacer()
    assert pacer.slots == [100.0, 101.0, 102.0, 103.0, 104.0] and waits == [1.0, 2.0, 3.0, 4.0] and pacer.waited == 10.0
    clock[0] = 200.0  # idle: the next request goes at once
    pacer()
    assert pacer.slots[-1] == 200.0 and pacer.busiest_minute() == 5
    with pytest.raises(ValueError):
        RequestPacer(0)


def test_forecast_and_policy_views():
    records = [
        {'domain': 'a.com', 'renewal': 'automatic', 'renewal_price': {'value': 13.99, 'currency': 'EUR'}},
        {'domain': 'b.fr', 'renewal': 'manual', 'renewal_price': {'value': 9.99, 'currency': 'EUR'}},
        {'domain': 'c.net', 'renewal': 'delete_at_expiration', 'renewal_price': None},
        {'domain': 'd.io', 'renewal': 'automatic', 'renewal_price': None},
    ]
    forecast = portfolio.forecast(records, 30)
    assert forecast['automatic'] == {'EUR': 13.99} and forecast['manual'] == {'EUR': 9.99} and forecast['total'] == {'EUR': 23.98}
    assert forecast['unpriced'] == ['d.io'] and forecast['domains'] == 2

    current = portfolio.policy_view({'renew': {'automatic': False, 'deleteAtExpiration': True, 'period': 12}})
    assert current == {'renewal': 'manual', 'period': 'P1Y', 'delete_at_expiration': True}
    assert portfolio.wanted_view(current, {'renewal': 'automatic'}) == {'renewal': 'automatic', 'period': 'P1Y', 'delete_at_expiration': False}
    assert portfolio.wanted_view(current, {'period': 'P2Y'}) == dict(current, period='P2Y')
    body = portfolio.renew_body({'renew': {'automatic': False, 'forced': False, 'manualPayment': True, 'period': 12}},
                                {'renewal': 'automatic', 'period': 'P3Y', 'delete_at_expiration': False})
    assert body == {'renew': {'automatic': True, 'deleteAtExpiration': False, 'forced': False, 'manualPayment': True, 'period': 36}}
    assert portfolio.months_to_duration(18) == 'P18M' and portfolio.price_per_year(OPTIONS[1:]) == {'value': 13.99, 'currency': 'EUR'}


def test_the_summary_names_an_internationalised_domain_with_its_ascii_name():
    """As the order's summary does: the ASCII name is the one renewed (IDNA 2008: not strasse.de)."""
    [request] = renewal_requests([{'name': 'straße.de'}], 'P1Y')
    record = decide(request, None, [], datetime.date(2026, 12, 3))
    lines = summary_lines({'domains': [record]}, check_mode=False)
    assert lines[1].split()[:3] == ['straße.de', '(xn--strae-oqa.de)', 'refused']
