# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Input checks shared by the modules and the role (plugins/module_utils/_validation.py): each
refusal names the option as the caller calls it and what it accepts."""

from __future__ import annotations

import pytest

from ansible_collections.ovhcloud.order.plugins.module_utils._validation import domain_requests, number, payment_choice


@pytest.mark.parametrize('value, kwargs, message', [
    (float('nan'), {}, 'max_price must be a finite number'),
    (float('inf'), {'minimum': 0}, 'max_price must be a finite number'),
    ('-inf', {}, 'max_price must be a finite number'),
    (-1, {'minimum': 0}, 'max_price must not be negative'),
    (0, {'above': 0}, 'max_price must be a positive number'),
    ('ten', {}, 'max_price must be a number'),
    (True, {}, 'max_price must be a number'),
])
def test_numbers_must_be_finite_and_in_range(value, kwargs, message):
    with pytest.raises(ValueError, match=message):
        number(value, 'max_price', **kwargs)


def test_a_number_in_range_passes():
    assert number('12.5', 'max_price', minimum=0) == 12.5 and number(None, 'max_price') is None


@pytest.mark.parametrize('entries, message', [
    ([], 'domain_order_domains must list at least one domain'),
    ([{'name': 'Example.com'}, {'name': 'example.com.'}], r'domain_order_domains\[1\]: example.com. is listed twice \(also as domain_order_domains\[0\]\)'),
    ([{'name': 'bücher.de'}, {'name': 'xn--bcher-kva.de'}], 'listed twice'),
    ([{'name': 'not a name'}], r'domain_order_domains\[0\].name'),
    ([{'name': 'a.com', 'duration': 'P11Y'}], r'domain_order_domains\[0\].duration must be one of P1Y'),
    ([{'name': 'a.com', 'action': 'buy'}], r'domain_order_domains\[0\].action must be one of create, transfer'),
    ([{'name': 'a.com', 'configurations': {'NOT_A_LABEL': 'x'}}], 'NOT_A_LABEL is not a configuration label; the labels are OWNER_LEGAL_AGE'),
    ([{'name': 'a.com', 'configurations': {'AUTH_INFO': 'secret'}}], 'must not hold AUTH_INFO'),
    ([{'name': 'a.com', 'configurations': {'DNS': ['ns1.example.net']}}], 'set DNS through domain_order_domains\\[0\\].dns_servers'),
    ([{'name': 'a.com', 'owner_contact': '12345'}], r'owner_contact must be the path of an OVHcloud contact such as /me/contact/1234'),
    ([{'name': 'a.com', 'dns_servers': 'ns1.example.net'}], 'dns_servers must be a list'),
])
def test_bad_domain_entries_name_the_option(entries, message):
    with pytest.raises(ValueError, match=message):
        domain_requests(entries, 'domain_order_domains')


def test_a_refused_transfer_code_is_never_in_the_message():
    with pytest.raises(ValueError) as raised:
        domain_requests([{'name': 'a.com', 'configurations': {'AUTH_INFO': 'SECRET-CODE-123'}}])
    assert 'SECRET-CODE-123' not in str(raised.value)


def test_defaults_and_fields_become_labels():
    [first, second] = domain_requests([{'name': 'a.com', 'auth_info': 'CODE'}, {'name': 'b.com', 'dns_servers': []}],
                                      defaults={'dns_servers': ['ns1.example.net'], 'owner_contact': '/domain/contact/9'})
    assert first['labels'] == {'AUTH_INFO': 'CODE', 'DNS': 'ns1.example.net', 'OWNER_CONTACT': '/domain/contact/9'}
    # An explicit empty list keeps OVHcloud's name servers, whatever the default.
    assert second['labels'] == {'OWNER_CONTACT': '/domain/contact/9'}


def test_one_way_to_pay():
    with pytest.raises(ValueError, match='auto_pay and payment_method_id are ways to pay that exclude each other'):
        payment_choice(True, 5, None)
    payment_choice(False, 5, None)
