# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Contacts: ``/me/contact`` and ``/domain/contact`` share one store and one identifier space.

A contact is stored with the union of the fields of ``me.contact.Contact`` and ``domain.Contact``
and rendered in the shape of the route that reads it.
"""

import copy

from .schema import MODELS
from .state import ACCOUNT

ADDRESS_FIELDS = ('city', 'country', 'line1', 'line2', 'line3', 'otherDetails', 'province', 'zip')
ME_REQUIRED = ('address', 'email', 'firstName', 'lastName', 'language', 'legalForm')
ME_ADDRESS_REQUIRED = ('city', 'country', 'line1')

# Non-nullable fields of me.contact.Contact, and what to show when a contact created through
# /domain/contact lacks them.
_ME_FALLBACKS = {'email': '', 'firstName': '', 'lastName': '', 'language': 'en_GB', 'legalForm': 'other'}
_ME_ADDRESS_FALLBACKS = {'city': '', 'country': 'UNKNOWN', 'line1': ''}


def nic_contact():
    """The owner contact that OVH derives from the account's nichandle when ``OWNER_CONTACT`` is not given."""
    return {
        'address': {'line1': ACCOUNT['address'], 'city': ACCOUNT['city'], 'zip': ACCOUNT['zip'], 'country': ACCOUNT['country']},
        'email': ACCOUNT['email'],
        'firstName': ACCOUNT['firstname'],
        'lastName': ACCOUNT['name'],
        'language': ACCOUNT['language'],
        'legalForm': ACCOUNT['legalform'],
        'organisationName': ACCOUNT['organisation'],
        'phone': ACCOUNT['phone'],
    }


def nic_as_nichandle():
    return copy.deepcopy(ACCOUNT)


def merge_contact(record, data):
    """Apply validated body fields onto a stored contact (the address is merged field by field)."""
    for key, value in data.items():
        if key == 'address' and isinstance(value, dict):
            address = dict(record.get('address') or {})
            address.update(value)
            record['address'] = address
        else:
            record[key] = value
    return record


def render_me_contact(record):
    fields = MODELS['me.contact.Contact']
    result = {}
    for name in fields:
        if name == 'address':
            continue
        value = record.get(name)
        if value is None and name in _ME_FALLBACKS:
            value = _ME_FALLBACKS[name]
        result[name] = value
    address = record.get('address') or {}
    rendered = {}
    for name in ADDRESS_FIELDS:
        value = address.get(name)
        if value is None and name in _ME_ADDRESS_FALLBACKS:
            value = _ME_ADDRESS_FALLBACKS[name]
        rendered[name] = value
    result['address'] = rendered
    result['id'] = record['id']
    return result


def render_domain_contact(record):
    result = {name: record.get(name) for name in MODELS['domain.Contact']}
    address = record.get('address')
    result['address'] = {name: address.get(name) for name in ADDRESS_FIELDS} if address else None
    result['id'] = record['id']
    return result


def contact_for_rules(record):
    """The plain data that eligibility rules read (``owner.address.city``, ...)."""
    data = {key: value for key, value in record.items() if key != 'id'}
    data['address'] = dict(record.get('address') or {})
    return data
