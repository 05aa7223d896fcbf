# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The catalogue of bad inputs: every one fails, with a message that names the option (or the role
variable), and nothing is written to the API (the simulator's log holds no POST, PUT or DELETE).

One line per case; add the next one here."""

from __future__ import annotations

import json

import pytest

NAN, INF = float('nan'), float('inf')
CONTACT = {'legal_form': 'corporation', 'organisation_name': 'Example SAS', 'email': 'domains@example.com',
           'address': {'line1': '1 rue', 'city': 'Paris', 'zip': '75001', 'country': 'FR'}}
ORDER = {'domains': [{'name': 'bad-input.com'}], 'max_price': 50}

MODULE_CASES = [
    # (module, arguments, what the message must contain)
    ('ovh_cart', {}, 'one of the following is required: cart_id, description'),
    ('ovh_cart', {'description': 'x', 'ovh_subsidiary': 'ZZ'}, 'ovh_subsidiary must be one of'),
    ('ovh_cart', {'description': 'x', 'expire': 'tomorrow'}, 'expire must be an ISO 8601 date and time'),
    ('ovh_cart', {'description': 'x', 'expire': '2001-01-01T00:00:00+00:00'}, 'expire must be in the future'),
    ('ovh_cart', {'cart_id': 'no-such-cart'}, 'cart_id no-such-cart: there is no such cart'),
    ('ovh_cart', {'description': 'x', 'timeout': 0}, 'timeout must be a positive number'),
    ('ovh_cart', {'description': 'x', 'timeout': NAN}, 'timeout must be a finite number'),
    ('ovh_cart_domain', {'cart_id': 'c', 'domain': 'exa mple.com'}, "domain 'exa mple.com' is not a valid domain name"),
    ('ovh_cart_domain', {'cart_id': 'c', 'domain': 'ok.com', 'duration': 'P11Y'}, 'duration must be one of P1Y'),
    ('ovh_cart_domain', {'cart_id': 'c', 'domains': [{'name': 'a.com'}, {'name': 'A.com.'}]}, 'domains[1].name: a.com is listed twice'),
    ('ovh_cart_domain', {'cart_id': 'c', 'domain': 'ok.com', 'action': 'buy'}, 'action'),
    ('ovh_cart_domain', {'cart_id': 'another-accounts-cart', 'domain': 'ok.com'}, 'cart_id another-accounts-cart: there is no such cart'),
    ('ovh_cart_config', {'cart_id': 'c', 'item_id': 1, 'configurations': {'NOT_A_LABEL': 'x'}}, 'NOT_A_LABEL'),
    ('ovh_cart_config', {'cart_id': 'c', 'item_id': 1, 'configurations': {'DNS': []}}, 'configurations.DNS needs at least one name server'),
    ('ovh_cart_config', {'cart_id': 'c', 'item_id': 1, 'state': 'absent'}, 'configurations must give the labels to remove'),
    ('ovh_cart_config', {'cart_id': 'c', 'item_id': 1, 'items': [{'item_id': 2}]}, 'mutually exclusive: item_id|items'),
    ('ovh_cart_config', {'cart_id': 'c', 'item_id': 'abc'}, 'item_id'),
    ('ovh_checkout', {'cart_id': 'c', 'max_price': NAN}, 'max_price must be a finite number'),
    ('ovh_checkout', {'cart_id': 'c', 'max_price': INF}, 'max_price must be a finite number'),
    ('ovh_checkout', {'cart_id': 'c', 'max_price': -1}, 'max_price must not be negative'),
    ('ovh_checkout', {'cart_id': 'c'}, 'max_price is required'),
    ('ovh_checkout', {'cart_id': 'c', 'max_price': 10, 'auto_pay': True, 'payment_method_id': 1}, 'auto_pay and payment_method_id are ways to pay'),
    ('ovh_checkout', {'cart_id': 'c', 'max_price': 10, 'payment_mean': 'creditCard'}, 'payment_mean_id'),
    ('ovh_checkout', {'cart_id': 'c', 'max_price': 10, 'currency': 'DOLLARS'}, 'currency'),
    ('ovh_checkout', {'cart_id': 'c', 'max_price': 10, 'open_orders_since': 'yesterday'}, 'open_orders_since must be an ISO 8601'),
    ('ovh_checkout', {'cart_id': 'gone-cart', 'max_price': 10}, 'Cart gone-cart does not exist or has expired'),
    ('ovh_order_info', {'order_id': 0}, 'order_id must be a positive order number'),
    ('ovh_order_info', {'order_id': 1, 'wait_timeout': -5}, 'wait_timeout must be zero or a positive number'),
    ('ovh_order_info', {'order_id': 1, 'timeout': -5}, 'timeout must be zero or a positive number'),
    ('ovh_order_info', {'order_id': 1, 'poll_interval': -1}, 'poll_interval must be a positive number'),
    ('ovh_order_info', {'order_id': 1, 'poll_interval': NAN}, 'poll_interval must be a finite number'),
    ('ovh_order_info', {'order_id': 1, 'order_window': 0}, 'order_window must be a positive number of days'),
    ('ovh_order_info', {'order_id': 1, 'since': 0}, 'since must be a positive number of days'),
    ('ovh_order_info', {'domains': []}, 'domains must name at least one domain name'),
    ('ovh_order_info', {'order_id': 1, 'request_timeout': 0}, 'request_timeout must be a positive number'),
    ('ovh_domain_offer_info', {'domains': ['not a domain']}, "domains 'not a domain' is not a valid domain name"),
    ('ovh_domain_offer_info', {'domains': ['ok.com'], 'ovh_subsidiary': 'ZZ'}, 'ovh_subsidiary must be one of'),
    ('ovh_domain_contact', dict(CONTACT, email='nobody'), 'email must be an e-mail address'),
    ('ovh_domain_contact', dict(CONTACT, phone='01 23 45 67 89'), 'phone must be written as OVHcloud does'),
    ('ovh_domain_contact', dict(CONTACT, address=dict(CONTACT['address'], country='France')), 'address.country must be a two-letter country code'),
    ('ovh_domain_contact', dict(CONTACT, legal_form='individual'), 'first_name is required for the owner of an individual'),
    ('ovh_domain_order', dict(ORDER, max_price=NAN), 'max_price must be a finite number'),
    ('ovh_domain_order', dict(ORDER, wait_timeout=-1), 'wait_timeout must not be negative'),
    ('ovh_domain_order', dict(ORDER, order_window=0), 'order_window must be 1 or more'),
    ('ovh_domain_order', dict(ORDER, open_order_window=0), 'open_order_window must be 1 or more'),
    ('ovh_domain_order', dict(ORDER, domains=[{'name': 'x.com', 'configurations': {'AUTH_INFO': 'S3CRET-CODE'}}]),
     'domains[0].configurations must not hold AUTH_INFO'),
    ('ovh_domain_order', dict(ORDER, domains=[{'name': 'x.com', 'owner_contact': 'me'}]), 'domains[0].owner_contact must be the path'),
    ('ovh_domain_order', dict(ORDER, payment_mean='paypal'), 'payment_mean paypal needs payment_mean_id'),
    ('ovh_domain_order', dict(ORDER, max_price=True), 'max_price must be a number, got True'),
    ('ovh_domain_order', dict(ORDER, domains=[{'name': 'x.com', 'duration': ''}]), "domains[0].duration must be one of P1Y"),
    ('ovh_domain_order', dict(ORDER, owner=dict(CONTACT, organisation_name=['Example'])), "owner.organisation_name must be text, got ['Example']"),
    ('ovh_domain_order', dict(ORDER, owner=dict(CONTACT, address=dict(CONTACT['address'], city=75))), 'owner.address.city must be text, got 75'),
    ('ovh_domain_order', dict(ORDER, owner=dict(CONTACT, vat=True)), 'owner.vat must be text or a number, got True'),
    ('ovh_checkout', {'cart_id': 'c', 'max_price': True}, 'max_price must be a number, got True'),
    ('ovh_cart_domain', {'cart_id': 'c', 'domain': 'ok.com', 'duration': ''}, 'duration must not be empty'),
    ('ovh_cart_domain', {'cart_id': 'c', 'domains': [{'name': 'ok.com', 'duration': ''}]}, 'domains[0].duration must be one of P1Y'),
    ('ovh_domain_contact', dict(CONTACT, legal_form='individual', first_name=['Ada'], last_name='Lovelace'), "first_name must be text, got ['Ada']"),
]
CREDENTIAL_CASES = [
    # (environment replacing the simulator's credentials, what the message must contain)
    ({'OVH_APPLICATION_KEY': 'sim-application-key', 'OVH_APPLICATION_SECRET': 'sim-application-secret'}, 'consumer_key'),
    ({'OVH_ENDPOINT': 'ovh-mars', 'OVH_CLIENT_ID': 'sim-client-id', 'OVH_CLIENT_SECRET': 'sim-client-secret'}, 'ovh-mars'),
    ({'OVH_ENDPOINT': 'ftp://127.0.0.1/1.0', 'OVH_CLIENT_ID': 'sim-client-id', 'OVH_CLIENT_SECRET': 'sim-client-secret'}, 'ftp://127.0.0.1/1.0'),
]
ROLE_CASES = [
    # (role variables over a valid order, what the output must contain)
    ({'domain_order_max_price': 'nan'}, 'domain_order_max_price must be a finite number'),
    ({'domain_order_max_price': None}, 'domain_order_max_price is required'),
    ({'domain_order_wait_timeout': -5}, 'domain_order_wait_timeout must not be negative'),
    ({'domain_order_poll_interval': -1}, 'domain_order_poll_interval must not be negative'),
    ({'domain_order_open_order_window': 0}, 'domain_order_open_order_window must be 1 or more'),
    ({'domain_order_domains': []}, 'domain_order_domains must list at least one domain'),
    ({'domain_order_domains': [{'name': 'repro-label.com', 'configurations': {'NOT_A_LABEL': 'x'}}]},
     'domain_order_domains[0].configurations: NOT_A_LABEL is not a configuration label'),
    ({'domain_order_domains': [{'name': 'p.com', 'duration': 'P11Y'}]}, 'domain_order_domains'),
    ({'domain_order_auto_pay': True, 'domain_order_payment_method_id': 1}, 'domain_order_auto_pay and domain_order_payment_method_id'),
    ({'domain_order_payment_mean': 'cash'}, 'domain_order_payment_mean'),
    ({'domain_order_ovh_subsidiary': 'ZZ'}, 'domain_order_ovh_subsidiary must be one of'),
    ({'domain_order_owner': dict(CONTACT, email='nobody')}, 'domain_order_owner.email must be an e-mail address'),
    ({'domain_order_owner': dict(CONTACT, organisation_name=['Example'])}, "domain_order_owner.organisation_name must be text"),
    ({'domain_order_max_price': True}, 'domain_order_max_price must be a number, got True'),
    # The role's own argument spec refuses it first (ansible-core's wording).
    ({'domain_order_domains': [{'name': 'p.com', 'duration': ''}]}, 'value of duration must be one of: P1Y'),
]


def assert_nothing_written(sim):
    assert sim.mutating_requests() == [], sim.mutating_requests()


@pytest.mark.parametrize('module, args, message', MODULE_CASES, ids=['%s-%d' % (case[0], n) for n, case in enumerate(MODULE_CASES)])
def test_a_bad_module_input_fails_naming_the_option_and_writes_nothing(run_module, sim, module, args, message):
    result = run_module(module, args, sim=sim)
    assert result.failed, result
    assert message in result['msg'], result['msg']
    assert 'Traceback' not in result.stderr and 'exception' not in result
    assert 'S3CRET-CODE' not in json.dumps(result)
    assert_nothing_written(sim)


@pytest.mark.parametrize('environment, message', CREDENTIAL_CASES)
def test_bad_credentials_and_endpoints_fail_before_any_request(run_module, sim, environment, message):
    result = run_module('ovh_order_info', {'order_id': 1}, env=dict({'OVH_ENDPOINT': sim.base_url}, **environment))
    assert result.failed and message in result['msg'], result['msg']
    assert sim.requests() == []


ROLE_PLAY = """
- hosts: localhost
  gather_facts: false
  roles:
    - role: ovhcloud.order.domain_order
"""


@pytest.mark.parametrize('variables, message', ROLE_CASES, ids=[next(iter(case[0])) + '-%d' % n for n, case in enumerate(ROLE_CASES)])
def test_a_bad_role_variable_fails_naming_it_and_writes_nothing(run_playbook, sim, variables, message):
    extra = {'domain_order_domains': [{'name': 'bad-role-input.com'}], 'domain_order_max_price': 50, 'domain_order_owner_legal_age': True}
    extra.update(variables)
    if extra['domain_order_max_price'] is None:
        del extra['domain_order_max_price']
    run = run_playbook(ROLE_PLAY, extra_vars=extra, env=sim.credentials_env(), callback='default')
    assert run.rc != 0
    assert message in run.stdout, run
    assert 'Traceback' not in run.output
    assert sim.requests() == []
