# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The plan a reviewer approves is what happens: check mode writes the plan (JSON, and Markdown for
people), and a real run given that plan orders exactly it, or refuses before the checkout naming each
difference - a price changed meanwhile, other domains, another payment, another account, a plan too
old. Against the simulator, through ovh_domain_order and the domain_order role."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((REPO_ROOT / 'docs' / 'docsite' / 'domain_order_plan.schema.json').read_text())
BASE = {'max_price': 100, 'owner_legal_age': True, 'auto_pay': True, 'waive_retractation_period': True, 'name_prefix': 'domain_order_'}
DOMAINS = [{'name': 'planned-a.com'}, {'name': 'planned-b.fr', 'duration': 'P2Y'}]


@pytest.fixture
def order(run_module, sim, tmp_path):
    plan_path = tmp_path / 'plan.json'

    def run(check_mode=False, domains=None, **options):
        args = dict(BASE, domains=domains or DOMAINS, plan_path=str(plan_path))
        args.update(options)
        return run_module('ovh_domain_order', args, sim=sim, check_mode=check_mode)
    run.plan_path = plan_path
    return run


def mutating(sim) -> list:
    return ['%s %s' % (request['method'], request['path']) for request in sim.mutating_requests()]


def test_check_mode_writes_the_plan_and_the_real_run_applies_it(order, sim):
    checked = order(check_mode=True)
    assert not checked.failed, checked
    plan = json.loads(order.plan_path.read_text())
    jsonschema.validate(plan, SCHEMA)
    assert plan == checked['plan']
    assert (plan['account']['nichandle'], plan['endpoint']) == ('sim1234-ovh', sim.base_url)
    domains = {domain['name']: domain for domain in plan['domains']}
    assert domains['planned-b.fr']['price'] == {'without_tax': 14.98, 'with_tax': 17.97, 'currency': 'EUR'}
    assert (domains['planned-b.fr']['outcome'], domains['planned-b.fr']['duration'], domains['planned-b.fr']['action']) == ('would_order', 'P2Y', 'create')
    assert plan['total'] == {'without_tax': 25.47, 'tax': 5.09, 'with_tax': 30.56, 'currency': 'EUR'}
    assert plan['max_price'] == {'value': 100.0, 'basis': 'with_tax', 'currency': None, 'headroom': 69.44}
    assert plan['payment']['mode'] == 'auto_pay' and plan['waive_retractation_period'] is True
    assert [contract['name'] for contract in plan['contracts']][:1] == ['General Terms and Conditions']
    markdown = order.plan_path.with_suffix('.md').read_text()
    assert '| planned-b.fr | would_order | create | P2Y | create-default | 14.98 EUR | 17.97 EUR |' in markdown
    assert '**30.56 EUR with tax**' in markdown and 'headroom 69.44 EUR' in markdown
    assert sim.state()['carts'] == [] and sim.state()['orders'] == []

    applied = order()
    assert not applied.failed, applied
    assert {record['outcome'] for record in applied['domains']} == {'ordered'}
    assert len(sim.state()['orders']) == 1
    # A rerun has nothing left to order: the plan is not compared, nothing is written.
    sim.clear_requests()
    again = order()
    assert not again.failed and again['changed'] is False, again
    assert mutating(sim) == []


def test_a_price_changed_between_plan_and_apply_refuses_with_both_prices(order, sim):
    assert not order(check_mode=True).failed
    sim.control('PUT', 'catalogue/tlds/com', {'create': '12.49'})
    refused = order()
    assert refused.failed
    assert 'total with tax: planned 30.56 EUR, now 32.96 EUR (plan_price_tolerance 0)' in refused['msg']
    assert refused['plan_differences'] == ['total with tax: planned 30.56 EUR, now 32.96 EUR (plan_price_tolerance 0)']
    assert 'POST /order/cart/%s/checkout' not in ' '.join(mutating(sim))
    assert not [request for request in sim.requests() if request['method'] == 'POST' and request['path'].endswith('/checkout')]
    assert sim.state()['orders'] == [] and sim.state()['carts'] == []
    # Within an explicit tolerance, the same plan applies.
    tolerated = order(plan_price_tolerance=2.5)
    assert not tolerated.failed, tolerated


@pytest.mark.parametrize('change, expected', [
    ({'domains': DOMAINS + [{'name': 'planned-c.net'}]}, 'planned-c.net: not in the plan, now would_order'),
    ({'domains': [DOMAINS[0], dict(DOMAINS[1], duration='P3Y')]}, 'planned-b.fr: planned P2Y, now P3Y'),
    ({'auto_pay': False, 'payment_method_id': 1}, 'payment mode: planned auto_pay, now payment_method'),
    ({'waive_retractation_period': False}, 'waive_retractation_period: planned True, now False'),
])
def test_a_run_that_differs_from_the_plan_refuses_before_any_cart(order, sim, change, expected):
    assert not order(check_mode=True).failed
    sim.clear_requests()
    refused = order(**change)
    assert refused.failed and expected in refused['msg'], refused
    assert 'differs from the approved plan' in refused['msg']
    assert mutating(sim) == []


def test_another_account_or_an_expired_plan_is_refused(order, sim):
    assert not order(check_mode=True).failed
    plan = json.loads(order.plan_path.read_text())
    order.plan_path.write_text(json.dumps(dict(plan, account=dict(plan['account'], nichandle='zz9999-ovh'))))
    sim.clear_requests()
    other = order()
    assert other.failed and 'account: planned zz9999-ovh, now sim1234-ovh' in other['msg']
    order.plan_path.write_text(json.dumps(plan))
    sim.control('POST', 'clock', {'advance': 73 * 3600})
    old = order()
    assert old.failed and 'the plan is too old' in old['msg'] and 'more than plan_max_age (72.0 hours)' in old['msg']
    assert mutating(sim) == []


def test_a_plan_that_is_no_plan_is_refused_before_any_call(order, sim, tmp_path):
    order.plan_path.write_text('{"format": "something else"}')
    broken = order()
    assert broken.failed and 'is not a domain order plan' in broken['msg']
    assert mutating(sim) == []
