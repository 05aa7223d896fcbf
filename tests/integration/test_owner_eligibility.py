# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Owners given as contact fields, and the registries' eligibility rules, through the domain_order
role against the simulator: a contact created once and reused, a .berlin name refused before any
cart for an owner outside Berlin and ordered for one in Berlin, and no transfer code left in a cart
the registry refused."""

from __future__ import annotations

import re

import pytest


def owner(city, zip_code):
    return {'legal_form': 'individual', 'first_name': 'Paula', 'last_name': 'Muster', 'email': 'paula@example.org',
            'phone': '+49.301234567', 'address': {'line1': 'Torstrasse 1', 'city': city, 'zip': zip_code, 'country': 'DE'}}


BERLIN = {'name': 'kiez-eligible.berlin', 'configurations': {'ACCEPT_CONDITIONS': True}}


def test_an_owner_outside_berlin_is_refused_in_check_mode_and_before_any_cart(role, sim):
    checked = role(sim, [BERLIN], check=True, domain_order_owner=owner('Hamburg', '20095'))
    assert checked.rc != 0
    assert re.search(r'kiez-eligible\.berlin +refused', checked.stdout), checked
    assert 'owner.address.city - Field "city" must be Berlin' in checked.stdout
    assert 'registry rule: address.city must be Berlin' in checked.stdout and 'change domain_order_owner.address.city' in checked.stdout
    state = sim.state()
    assert state['carts'] == [] and state['orders'] == [] and state['contacts'] == []

    sim.clear_requests()
    real = role(sim, [BERLIN], domain_order_owner=owner('Hamburg', '20095'))
    assert real.rc != 0 and 'must be Berlin' in real.stdout
    # Refused before any cart or contact exists: the only POST is the rules check.
    assert [(request['method'], request['path']) for request in sim.mutating_requests()] == [('POST', '/domain/configurationRule/check')]
    assert sim.state()['carts'] == [] and sim.state()['contacts'] == []


def test_an_owner_in_berlin_is_created_once_ordered_and_reused(role, fast_sim):
    checked = role(fast_sim, [BERLIN], check=True, domain_order_owner=owner('Berlin', '10115'))
    assert checked.rc == 0, checked
    assert checked.records['kiez-eligible.berlin']['outcome'] == 'would_order'
    assert 'An owner contact would be created for kiez-eligible.berlin' in checked.stdout
    assert fast_sim.state()['contacts'] == [] and fast_sim.state()['carts'] == []

    ordered = role(fast_sim, [BERLIN], domain_order_owner=owner('Berlin', '10115'))
    assert ordered.rc == 0, ordered
    record = ordered.records['kiez-eligible.berlin']
    assert record['outcome'] == 'delivered' and record['owner_contact'].startswith('/domain/contact/')
    contact_posts = [request for request in fast_sim.mutating_requests() if request['path'] == '/domain/contact']
    assert len(contact_posts) == 1
    [order] = fast_sim.state()['orders']
    assert order['domains'] == ['kiez-eligible.berlin']

    # Another name for the same owner: the contact is found again, not created.
    fast_sim.clear_requests()
    second = role(fast_sim, [{'name': 'zweiter-kiez.berlin', 'configurations': {'ACCEPT_CONDITIONS': True}}],
                  domain_order_owner=owner('Berlin', '10115'))
    assert second.rc == 0, second
    assert second.records['zweiter-kiez.berlin']['owner_contact'] == record['owner_contact']
    assert not [request for request in fast_sim.mutating_requests() if request['path'] == '/domain/contact']

    # And a rerun of the first order changes nothing.
    fast_sim.clear_requests()
    rerun = role(fast_sim, [BERLIN], domain_order_owner=owner('Berlin', '10115'))
    assert rerun.rc == 0 and rerun.records['kiez-eligible.berlin']['outcome'] == 'already_owned'
    assert fast_sim.mutating_requests() == []


def test_a_wrong_transfer_code_leaves_no_cart_and_the_right_one_orders(role, fast_sim):
    domain = {'name': 'taken-moved.net', 'action': 'transfer'}
    wrong = role(fast_sim, [dict(domain, auth_info='WRONG-CODE-42')])
    assert wrong.rc != 0
    assert 'WRONG-CODE-42' not in wrong.output
    # The run deletes the cart it created, transfer code and all: nothing of it is left.
    [created] = [request for request in fast_sim.requests() if request['method'] == 'POST' and request['path'] == '/order/cart']
    assert fast_sim.state()['carts'] == [] and fast_sim.state()['orders'] == []
    assert 'Nothing was ordered' in wrong.stdout and 'auth_info' in wrong.stdout and 'was deleted' in wrong.stdout

    right = role(fast_sim, [dict(domain, auth_info='SIM-AUTH-OK')])
    assert right.rc == 0, right
    assert right.records['taken-moved.net']['outcome'] == 'delivered'
    [order] = fast_sim.state()['orders']
    assert order['cartId'] != created['body'].get('cartId')


def test_a_company_owner_given_per_domain(role, fast_sim):
    company = {'legal_form': 'corporation', 'organisation_name': 'Beispiel GmbH', 'email': 'domains@beispiel.example',
               'address': {'line1': 'Hauptstrasse 5', 'city': 'Munich', 'zip': '80331', 'country': 'DE'}}
    run = role(fast_sim, [{'name': 'beispiel-gmbh.eu', 'owner': company}, {'name': 'no-owner-given.com'}])
    assert run.rc == 0, run
    assert run.records['beispiel-gmbh.eu']['owner_contact'].startswith('/domain/contact/')
    assert run.records['no-owner-given.com']['owner_contact'] is None
    [created] = [request for request in fast_sim.mutating_requests() if request['path'] == '/domain/contact']
    assert created['body']['organisationName'] == 'Beispiel GmbH'


@pytest.mark.parametrize('variables, message', [
    ({'domain_order_owner': {'legal_form': 'individual', 'email': 'x@example.org', 'address': {'line1': 'a', 'city': 'b', 'zip': '1', 'country': 'DE'}}},
     'domain_order_owner.first_name is required for the owner of an individual'),
    ({'domain_order_owner': dict(owner('Berlin', '10115'), phone='030 123')}, 'domain_order_owner.phone must be written as OVHcloud does'),
    ({'domain_order_owner': owner('Berlin', '10115'), 'domain_order_owner_contact': '/me/contact/1'},
     'domain_order_owner and domain_order_owner_contact are two ways to give the owner'),
])
def test_bad_owners_fail_before_any_call(role, sim, variables, message):
    run = role(sim, [BERLIN], **variables)
    assert run.rc != 0 and message in run.stdout, run
    assert sim.requests() == []
