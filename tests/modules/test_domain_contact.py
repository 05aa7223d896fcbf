# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""ovh_domain_contact: one contact per set of fields, reused by a rerun, updated by id, and checked
before any call."""

from __future__ import annotations

import pytest

COMPANY = {
    'legal_form': 'corporation', 'organisation_name': 'Example SAS', 'email': 'domains@example.com', 'phone': '+33.123456789',
    'language': 'fr_FR', 'address': {'line1': "1 rue de l'Exemple", 'city': 'Paris', 'zip': '75001', 'country': 'fr'},
}
PERSON = {
    'legal_form': 'individual', 'first_name': 'Paula', 'last_name': 'Muster', 'email': 'paula@example.org', 'nationality': 'DE',
    'address': {'line1': 'Torstrasse 1', 'city': 'Berlin', 'zip': '10115', 'country': 'DE'},
}


def posts(sim, path='/domain/contact'):
    return [request for request in sim.mutating_requests() if request['path'] == path]


@pytest.mark.parametrize('fields', [COMPANY, PERSON], ids=['company', 'person'])
def test_created_once_then_found_again_with_no_write(run_module, sim, fields):
    checked = run_module('ovh_domain_contact', fields, sim=sim, check_mode=True, diff=True)
    assert not checked.failed, checked
    assert checked['changed'] is True and checked['created'] is True and checked['contact_id'] is None
    assert sim.mutating_requests() == []

    created = run_module('ovh_domain_contact', fields, sim=sim)
    assert not created.failed, created
    assert created['changed'] is True and created['created'] is True
    assert created['owner_contact'] == '/domain/contact/%d' % created['contact_id']
    [post] = posts(sim)
    assert post['body']['legalForm'] == fields['legal_form'] and post['body']['address']['country'] == fields['address']['country'].upper()

    sim.clear_requests()
    again = run_module('ovh_domain_contact', fields, sim=sim)
    assert again['changed'] is False and again['created'] is False and again['contact_id'] == created['contact_id']
    assert sim.mutating_requests() == []
    assert [request['path'] for request in sim.requests() if request['path'] != '/auth/time'] == ['/domain/contact']


def test_a_contact_with_other_fields_is_not_reused(run_module, sim):
    first = run_module('ovh_domain_contact', COMPANY, sim=sim)
    other = run_module('ovh_domain_contact', dict(COMPANY, email='billing@example.com'), sim=sim)
    assert other['created'] is True and other['contact_id'] != first['contact_id']


def test_update_by_id_puts_only_what_differs(run_module, sim):
    created = run_module('ovh_domain_contact', COMPANY, sim=sim)
    sim.clear_requests()
    moved = dict(COMPANY, address=dict(COMPANY['address'], city='Lyon', zip='69001'))
    checked = run_module('ovh_domain_contact', dict(moved, contact_id=created['contact_id']), sim=sim, check_mode=True, diff=True)
    assert checked['changed'] is True and sim.mutating_requests() == []
    assert checked['diff']['before']['contact']['address']['city'] == 'Paris' and checked['diff']['after']['contact']['address']['city'] == 'Lyon'
    updated = run_module('ovh_domain_contact', dict(moved, contact_id=created['contact_id']), sim=sim)
    assert updated['changed'] is True and updated['contact']['address']['city'] == 'Lyon'
    [put] = sim.mutating_requests()
    assert put['method'] == 'PUT' and put['path'] == '/domain/contact/%d' % created['contact_id'] and list(put['body']) == ['address']
    sim.clear_requests()
    again = run_module('ovh_domain_contact', dict(moved, contact_id=created['contact_id']), sim=sim)
    assert again['changed'] is False and sim.mutating_requests() == []


def test_an_unknown_contact_id_fails_saying_so(run_module, sim):
    result = run_module('ovh_domain_contact', dict(COMPANY, contact_id=999), sim=sim)
    assert result.failed and 'contact_id 999: the account has no such domain contact' in result['msg']
    assert sim.mutating_requests() == []


@pytest.mark.parametrize('change, message', [
    ({'email': 'not-an-address'}, 'email must be an e-mail address'),
    ({'phone': '0123456789'}, 'phone must be written as OVHcloud does, +<country code>.<number>'),
    ({'address': {'line1': 'x', 'city': 'Paris', 'zip': '75001', 'country': 'XX'}}, 'address.country must be a two-letter country code'),
    ({'address': {'line1': 'x', 'city': 'Paris', 'country': 'FR'}}, 'address.zip is required for an address in FR'),
    ({'organisation_name': None}, 'organisation_name is required for the owner of a corporation'),
    ({'legal_form': 'individual'}, 'first_name is required for the owner of an individual'),
    ({'language': 'klingon'}, 'language must be one of cs_CZ'),
    ({'nationality': 'Germany'}, 'nationality must be a two-letter country code'),
    ({'birth_day': '31/12/1990'}, 'birth_day must be a date such as 1990-12-31'),
    ({'legal_form': 'company'}, 'legal_form'),
])
def test_bad_fields_fail_before_any_call(run_module, sim, change, message):
    fields = dict(COMPANY, **change)
    result = run_module('ovh_domain_contact', {key: value for key, value in fields.items() if value is not None}, sim=sim)
    assert result.failed and message in result['msg'], result['msg']
    assert sim.requests() == []
