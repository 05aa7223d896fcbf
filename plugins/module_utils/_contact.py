# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# PRIVATE to the ovhcloud.order collection: no compatibility promise to other collections.
"""Domain owner contacts (``/domain/contact``) and the registries' eligibility rules
(``/domain/configurationRule``): checking contact fields before any call, finding a contact whose
fields match instead of creating another, and asking OVHcloud whether an owner may hold a domain.

Why ``/domain/contact`` and not ``/me/contact``: OVHcloud's contacts guide names it for domain
owners; it shares its ids with ``/me/contact`` and adds the fields registries ask for
(nationality, birth data, accreditations, ...), and its list answers every contact in one call.

Contact fields are given in snake_case (``first_name``, ``address.city``) and sent in the API's
camelCase (``firstName``); the address is a dict of its own. Their checks (``contact_fields``) and
the rules as text are pure and live in ``_format``.
"""

from __future__ import annotations

from ansible_collections.ovhcloud.order.plugins.module_utils._client import api_path
from ansible_collections.ovhcloud.order.plugins.module_utils._errors import OvhBadRequestError
from ansible_collections.ovhcloud.order.plugins.module_utils._format import ADDRESS_API, ADDRESS_FIELDS, FIELDS


def _same(wanted, found) -> bool:
    if found is None:
        return False
    return str(wanted).strip().lower() == str(found).strip().lower()


def matches(contact: dict, fields: dict) -> bool:
    """Whether an existing contact (domain.Contact) has every field given (case aside); fields not
    given are not compared."""
    for key, value in fields.items():
        if key == 'address':
            address = contact.get('address') or {}
            if not all(_same(part, address.get(name)) for name, part in value.items()):
                return False
        elif not _same(value, contact.get(key)):
            return False
    return True


def differences(contact: dict, fields: dict) -> dict:
    """The given fields whose value differs in ``contact`` (the body of a ``PUT``)."""
    changes = {key: value for key, value in fields.items() if key != 'address' and not _same(value, contact.get(key))}
    address = contact.get('address') or {}
    if any(not _same(part, address.get(name)) for name, part in fields.get('address', {}).items()):
        changes['address'] = dict(address, **fields['address'])
    return changes


def path_of(contact_id) -> str:
    """The value of the ``OWNER_CONTACT`` configuration for a domain contact."""
    return '/domain/contact/%s' % contact_id


def contact_id_of(path: str):
    """The id in a ``/me/contact/N`` or ``/domain/contact/N`` path."""
    return int(path.rstrip('/').rsplit('/', 1)[-1])


def list_contacts(client) -> list:
    return [contact for contact in client.get('/domain/contact') or [] if isinstance(contact, dict)]


def account_holder(me: dict) -> dict:
    """The owner OVHcloud makes from the account (``GET /me``, a ``nichandle.Nichandle``) when an
    order names no ``OWNER_CONTACT``, as the fields its registry rules read."""
    address = {'line1': me.get('address'), 'city': me.get('city'), 'zip': me.get('zip'), 'country': me.get('country')}
    owner = {'legalForm': me.get('legalform'), 'firstName': me.get('firstname'), 'lastName': me.get('name'),
             'organisationName': me.get('organisation'), 'email': me.get('email'), 'phone': me.get('phone'), 'language': me.get('language'),
             'address': {key: value for key, value in address.items() if value is not None}}
    return {key: value for key, value in owner.items() if value not in (None, {})}


def add_contact(client, fields: dict):
    """``POST /domain/contact`` with the API fields of a contact: the new ``domain.Contact``, as answered."""
    return client.post('/domain/contact', body=fields)


def create_contact(client, fields: dict) -> str:
    """``POST /domain/contact`` with the API fields of a contact; returns its ``OWNER_CONTACT`` path."""
    created = add_contact(client, fields) or {}
    return path_of(created['id'])


def get_contact(client, contact_id):
    """``GET /domain/contact/{id}``: the ``domain.Contact``, as answered (``OvhNotFoundError`` when absent)."""
    return client.get(api_path('/domain/contact/{}', contact_id))


def update_contact(client, contact_id, changes: dict):
    """``PUT /domain/contact/{id}`` with the fields that change: the contact as answered (None for an empty answer)."""
    return client.put(api_path('/domain/contact/{}', contact_id), body=changes)


def find_contact(contacts, fields) -> dict | None:
    """The oldest contact whose fields match (OVHcloud copies the owner contact of each delivered
    domain, so several may)."""
    found = [contact for contact in contacts if matches(contact, fields)]
    return min(found, key=lambda contact: contact.get('id') or 0) if found else None


def shown(contact: dict | None) -> dict | None:
    """A contact as the modules return it (snake_case, as the options are written)."""
    if contact is None:
        return None
    result = {snake: contact.get(api) for snake, api in FIELDS.items()}
    address = contact.get('address') or {}
    result['address'] = {name: address.get(ADDRESS_API.get(name, name)) for name in ADDRESS_FIELDS}
    result['id'] = contact.get('id')
    return result


# -- eligibility ------------------------------------------------------------------------------
def rule_data(owner_fields: dict | None, labels: dict) -> dict:
    """The body of ``POST /domain/configurationRule/check`` (``domain.configuration.rules.RuleData``)."""
    body = {}
    if owner_fields is not None:
        body['owner'] = owner_fields
    extras = {}
    if 'ACCEPT_CONDITIONS' in labels:
        extras['acceptCondition'] = labels['ACCEPT_CONDITIONS'] == 'true'
    if labels.get('AUTH_INFO'):
        body['domain'] = {'authInfo': labels['AUTH_INFO']}
    if extras:
        body['extras'] = extras
    return body


def check_eligibility(client, domain: str, action: str, owner_fields, labels) -> dict:
    """``{}`` when OVHcloud's rules accept the owner and the data for ``domain``, else the refused
    fields as ``{field: message}`` (``owner.address.city: Field "city" must be Berlin``)."""
    try:
        client.post('/domain/configurationRule/check', query={'action': action, 'domain': domain}, body=rule_data(owner_fields, labels),
                    safe=True)
    except OvhBadRequestError as exc:
        details = exc.details if isinstance(exc.details, dict) else {}
        violations = {key: value for key, value in details.items() if not str(key).startswith('_')}
        if not violations:
            raise
        return violations
    return {}


def rule_of(client, domain: str, action: str) -> dict:
    return client.get('/domain/configurationRule', query={'action': action, 'domain': domain}, auth=False) or {}


def path_contact(client, path: str) -> dict:
    """The contact behind an ``OWNER_CONTACT`` path (``/me/contact/N`` shares its ids)."""
    return get_contact(client, contact_id_of(path)) or {}
