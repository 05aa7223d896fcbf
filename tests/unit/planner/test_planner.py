# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The order plan's decisions (plugins/module_utils/_planner.py), as pure functions: no HTTP."""

from __future__ import annotations

import pytest

from ansible_collections.ovhcloud.order.plugins.module_utils import _planner as planner
from ansible_collections.ovhcloud.order.plugins.module_utils._cart import normalize_offer
from ansible_collections.ovhcloud.order.plugins.module_utils._domain_order import summary_lines
from ansible_collections.ovhcloud.order.plugins.module_utils._validation import domain_requests


def offer(domain, pricing_mode='create-default', orderable=True, durations=('P1Y', 'P2Y', 'P3Y'), price=10.49, labels=None):
    """A normalised offer as read from the API (an order.cart.ProductInformation)."""
    labels = labels or [('OWNER_LEGAL_AGE', True), ('OWNER_CONTACT', False), ('DNS', False)]
    return normalize_offer(domain, {
        'action': pricing_mode.split('-')[0], 'pricingMode': pricing_mode, 'orderable': orderable, 'duration': list(durations),
        'prices': [{'label': 'TOTAL', 'price': {'value': price, 'currencyCode': 'EUR', 'text': '%.2f €' % price}}],
        'configurations': [{'label': label, 'required': required, 'type': 'String'} for label, required in labels],
    })


def detail(domain, value):
    return {'domain': domain, 'totalPrice': {'value': value, 'currencyCode': 'EUR', 'text': '%.2f €' % value}}


def requests(*entries):
    return domain_requests([entry if isinstance(entry, dict) else {'name': entry} for entry in entries])


CONSENT = {'owner_legal_age': True, 'require_complete': True}


# -- stage 1: the account ------------------------------------------------------------------------
def test_owned_pending_and_new_domains_are_told_apart():
    pending = {'order_id': 7, 'status': 'notPaid', 'paid': False, 'url': 'https://pay/7', 'domains': ['pending.com'],
               'details': [detail('pending.com', 10.49), detail('pending.com', 0), detail('pending.com', 0)]}
    decisions = planner.decide_account(requests('owned.com', 'pending.com', 'new.com'), {'owned.com'}, [pending])
    assert [decision['outcome'] for decision in decisions] == ['already_owned', 'order_pending', 'to_order']
    record = planner.outcome_record(decisions[1])
    assert (record['order_id'], record['status'], record['paid'], record['url']) == (7, 'notPaid', False, 'https://pay/7')
    assert (record['price'], record['currency']) == (10.49, 'EUR')
    assert planner.outcome_record(decisions[0])['paid'] is True


def test_an_internationalised_name_matches_its_ascii_form_in_orders_and_prices():
    [request] = requests('Bücher-Review.DE.')
    assert request['name'] == 'xn--bcher-review-dlb.de' and request['unicode'] == 'bücher-review.de'
    pending = {'order_id': 9, 'status': 'checking', 'paid': True, 'url': None, 'domains': ['xn--bcher-review-dlb.de'],
               'details': [detail('XN--BCHER-REVIEW-DLB.DE.', 4.99), detail('xn--bcher-review-dlb.de', 0)]}
    [decision] = planner.decide_account([request], set(), [pending])
    record = planner.outcome_record(decision)
    assert record['outcome'] == 'order_pending' and record['price'] == 4.99
    assert record['domain'] == 'xn--bcher-review-dlb.de' and record['domain_unicode'] == 'bücher-review.de'


def test_an_ordered_internationalised_name_gets_its_price_from_the_order_details():
    reqs = requests('bücher-review.de', 'plain-review.de')
    decisions = planner.decide_offers(planner.decide_account(reqs, set(), []),
                                      {request['name']: [offer(request['name'], price=4.99)] for request in reqs}, CONSENT)
    order = {'order_id': 3, 'status': 'checking', 'paid': True, 'url': 'u',
             'details': [{'domain': 'xn--bcher-review-dlb.de', 'total_price': {'value': 4.99, 'currency': 'EUR'}},
                         {'domain': 'plain-review.de', 'total_price': {'value': 4.99, 'currency': 'EUR'}}]}
    records = [planner.outcome_record(decision, order) for decision in decisions]
    assert [(record['outcome'], record['price']) for record in records] == [('ordered', 4.99), ('ordered', 4.99)]


# -- stage 2: offers -----------------------------------------------------------------------------
@pytest.mark.parametrize('request_entry, offers, allow_premium, reason', [
    ('none.com', [], False, 'OVHcloud makes no offer for it'),
    ('reserved.com', [offer('reserved.com', orderable=False)], False, 'reserved.com is not orderable'),
    ({'name': 'new.com', 'action': 'transfer'}, [offer('new.com')], False, 'action=transfer is not offered for new.com; offered: create (create-default)'),
    ({'name': 'new.com', 'duration': 'P9Y'}, [offer('new.com')], False, 'duration P9Y is not offered for new.com; offered durations: P1Y, P2Y, P3Y'),
    ('premium.com', [offer('premium.com', 'create-premium', price=2500)], False, 'premium.com is a premium name (pricing mode create-premium) at 2500.00 EUR'),
    ('market.com', [offer('market.com', 'transfer-aftermarket1', price=1550)], False, 'an aftermarket name'),
    ('two.com', [offer('two.com'), offer('two.com', 'create-premium')], True, 'several orderable offers'),
])
def test_refusals_say_why(request_entry, offers, allow_premium, reason):
    [request] = requests(request_entry)
    decision = planner.decide_offer({'request': request, 'outcome': 'to_order'}, offers, dict(CONSENT, allow_premium=allow_premium))
    assert decision['outcome'] == 'refused'
    assert reason in decision['reason']
    assert planner.outcome_record(decision)['reason'] == decision['reason']


def test_a_premium_name_is_planned_when_allowed():
    [request] = requests('premium.com')
    decision = planner.decide_offer({'request': request, 'outcome': 'to_order'}, [offer('premium.com', 'create-premium', price=2500)],
                                    dict(CONSENT, allow_premium=True))
    assert decision['outcome'] == 'would_order' and decision['offer']['pricing_mode'] == 'create-premium'


def test_labels_come_from_the_request_and_the_legal_age_consent_only():
    [request] = requests({'name': 'new.com', 'dns_servers': ['ns1.example.net', 'ns2.example.net'], 'owner_contact': '/me/contact/5'})
    decision = planner.decide_offer({'request': request, 'outcome': 'to_order'}, [offer('new.com')], CONSENT)
    assert decision['labels'] == ['DNS', 'OWNER_CONTACT', 'OWNER_LEGAL_AGE'] and decision['missing'] == []
    assert request['labels']['DNS'] == 'ns1.example.net;ns2.example.net'

    without_consent = planner.decide_offer({'request': request, 'outcome': 'to_order'}, [offer('new.com')], {'require_complete': False})
    assert without_consent['outcome'] == 'would_order' and without_consent['missing'] == ['OWNER_LEGAL_AGE']


def test_missing_labels_refuse_a_real_run_and_name_the_role_variable():
    [request] = requests({'name': 'taken.com', 'action': 'transfer'})
    transfer = offer('taken.com', 'transfer-default', labels=[('OWNER_LEGAL_AGE', True), ('AUTH_INFO', True)])
    decision = planner.decide_offer({'request': request, 'outcome': 'to_order'}, [transfer], {'require_complete': True, 'name_prefix': 'domain_order_'})
    assert decision['outcome'] == 'refused'
    assert 'needs the configurations OWNER_LEGAL_AGE, AUTH_INFO' in decision['reason']
    assert 'domain_order_owner_legal_age' in decision['reason'] and 'auth_info of the domain in domain_order_domains' in decision['reason']


def test_a_label_the_offer_does_not_take_refuses_the_domain_before_any_cart():
    [request] = requests({'name': 'new.com', 'configurations': {'ACCEPT_CONDITIONS': True}})
    decision = planner.decide_offer({'request': request, 'outcome': 'to_order'}, [offer('new.com')], CONSENT)
    assert decision['outcome'] == 'refused' and 'does not take the configuration ACCEPT_CONDITIONS' in decision['reason']


# -- stage 3: prices -----------------------------------------------------------------------------
def planned(*names):
    reqs = requests(*names)
    decisions = planner.decide_offers(planner.decide_account(reqs, set(), []), {request['name']: [offer(request['name'])] for request in reqs}, CONSENT)
    return decisions


def test_the_price_is_the_items_price_for_the_whole_duration_with_the_tax_spread():
    decisions = planned({'name': 'two-years.fr', 'duration': 'P2Y'}, 'one-year.com')
    priced = planner.price_decisions(decisions, {'two-years.fr': (14.98, 'EUR'), 'one-year.com': (10.49, 'EUR')}, totals=(25.47, 30.56))
    records = [planner.outcome_record(decision) for decision in priced]
    assert [(record['domain'], record['duration'], record['price'], record['price_with_tax']) for record in records] == [
        ('two-years.fr', 'P2Y', 14.98, 17.97), ('one-year.com', 'P1Y', 10.49, 12.59)]
    assert round(sum(record['price_with_tax'] for record in records), 2) == 30.56


@pytest.mark.parametrize('options, total_with_tax, problem', [
    ({'max_price': 30, 'price_basis': 'with_tax'}, None, None),
    ({'max_price': 25, 'price_basis': 'with_tax'}, None, 'cost 25.47 EUR without tax'),
    ({'max_price': 30, 'price_basis': 'with_tax'}, 30.56, 'cost 30.56 EUR with tax'),
    ({'max_price': 30, 'price_basis': 'without_tax'}, 30.56, None),
    ({'max_price': None}, 99999, None),
    ({'max_price': 100, 'currency': 'USD'}, None, 'priced in EUR, not in USD'),
])
def test_the_budget_guard_uses_the_whole_duration(options, total_with_tax, problem):
    priced = planner.price_decisions(planned({'name': 'two-years.fr', 'duration': 'P2Y'}, 'one-year.com'),
                                     {'two-years.fr': (14.98, 'EUR'), 'one-year.com': (10.49, 'EUR')})
    found = planner.budget_problem(priced, dict(options, name_prefix='domain_order_'), total_with_tax)
    if problem is None:
        assert found is None
    else:
        assert problem in found
        if 'cost' in problem:
            assert 'two-years.fr 14.98 EUR for P2Y' in found and 'domain_order_max_price' in found


# -- what a person reads -------------------------------------------------------------------------
def test_the_summary_labels_each_price_with_its_duration_and_tax():
    priced = planner.price_decisions(planned({'name': 'two-years.fr', 'duration': 'P2Y'}), {'two-years.fr': (14.98, 'EUR')}, totals=(14.98, 17.98))
    lines = summary_lines({'domains': [planner.outcome_record(decision) for decision in priced]}, check_mode=True)
    assert lines[0] == ('Check mode, nothing was ordered: 1 domain(s), 1 to order, 14.98 EUR without tax (17.98 EUR with tax), '
                        'each domain for its whole duration.')
    assert lines[1].split() == ['two-years.fr', 'would_order', '-', '14.98', 'EUR', '(P2Y,', '17.98', 'EUR', 'with', 'tax)']


# -- an unpaid order found by the scan ---------------------------------------------------------------
UNPAID = {'order_id': 41, 'status': 'notPaid', 'paid': False, 'url': 'https://pay.example/41', 'domains': ['a.com', 'b.com'], 'details': []}


def pending_decisions(names, orders, **options):
    requests = domain_requests([{'name': name} for name in names])
    return planner.decide_payments(planner.decide_account(requests, set(), orders), orders, options)


def test_an_unpaid_order_is_paid_only_with_a_payment_option_and_only_for_what_was_asked():
    without = pending_decisions(['a.com', 'b.com'], [UNPAID])
    assert {decision['outcome'] for decision in without} == {'order_pending'}
    assert without[0]['reason'] == ('order 41 is not paid: pay it at https://pay.example/41, or run again with payment_method_id, payment_mean '
                                    'or auto_pay=true (the run pays order 41 and never orders twice)')
    assert {decision['outcome'] for decision in pending_decisions(['a.com', 'b.com'], [UNPAID], auto_pay=True)} == {'to_pay'}
    # Paying it would buy b.com too, which this run does not ask for.
    [partial] = pending_decisions(['a.com'], [UNPAID], payment_method_id=1)
    assert partial['outcome'] == 'order_pending' and 'it also orders b.com, which this run does not ask for' in partial['reason']
    # Two open orders name a.com: which one to pay is the user's choice.
    twice = pending_decisions(['a.com', 'b.com'], [UNPAID, dict(UNPAID, order_id=40, domains=['a.com'])], payment_mean='ovhAccount')
    assert twice[0]['outcome'] == 'order_pending' and 'open order 40 names a.com too' in twice[0]['reason']


def test_payments_settle_as_would_pay_in_check_mode_and_paid_otherwise():
    chosen = pending_decisions(['a.com'], [dict(UNPAID, domains=['a.com'])], auto_pay=True)
    after = {41: {'status': 'checking', 'paid': True, 'payment': 'auto_pay'}}
    [would] = planner.settle_payments(chosen, after, check_mode=True)
    assert would['outcome'] == 'would_pay' and would['reason'] == 'would pay order 41 (auto_pay)'
    [paid] = planner.settle_payments(chosen, after, check_mode=False)
    record = planner.outcome_record(paid)
    assert (record['outcome'], record['order_id'], record['status'], record['paid']) == ('paid', 41, 'checking', True)
    [refused] = planner.refuse_payment(chosen, 41, 'order 41 is not paid: too dear')
    assert refused['outcome'] == 'refused'


def test_domains_another_run_orders_become_pending_without_an_order():
    requests = domain_requests([{'name': 'a.com'}, {'name': 'b.com'}])
    decisions = planner.decide_yielded(planner.decide_account(requests, set(), []), {'b.com': 'another run is ordering it'})
    records = [planner.outcome_record(decision) for decision in decisions]
    assert [(record['outcome'], record['order_id'], record['reason']) for record in records] == [
        ('to_order', None, None), ('order_pending', None, 'another run is ordering it')]
