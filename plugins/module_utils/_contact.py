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
camelCase (``firstName``); the address is a dict of its own.
"""

from __future__ import annotations

import re

from ansible_collections.ovhcloud.order.plugins.module_utils._client import api_path
from ansible_collections.ovhcloud.order.plugins.module_utils._errors import OvhBadRequestError

# nichandle.CountryEnum
COUNTRIES = frozenset('''
AC AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS
BT BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DG DJ DK DM DO DZ EA EC EE
EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HN HR
HT HU IC ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK
LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF
NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD
SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TA TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW
TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW
'''.split())
# nichandle.LegalFormEnum, nichandle.LanguageEnum, nichandle.GenderEnum
LEGAL_FORMS = ('administration', 'association', 'corporation', 'individual', 'other', 'personalcorporation')
LANGUAGES = ('cs_CZ', 'de_DE', 'en_AU', 'en_CA', 'en_GB', 'en_IE', 'en_US', 'es_ES', 'fi_FI', 'fr_CA', 'fr_FR', 'fr_MA', 'fr_SN',
             'fr_TN', 'it_IT', 'lt_LT', 'nl_NL', 'pl_PL', 'pt_PT')
GENDERS = ('female', 'male')
# Countries whose addresses have no postal code, so that the generic rule does not ask for one.
NO_POSTAL_CODE = frozenset(('AE', 'AG', 'AO', 'BS', 'BZ', 'HK', 'QA'))

# snake_case option → the API's field of domain.Contact, for the fields this collection manages.
FIELDS = {
    'legal_form': 'legalForm',
    'first_name': 'firstName',
    'last_name': 'lastName',
    'organisation_name': 'organisationName',
    'email': 'email',
    'phone': 'phone',
    'cell_phone': 'cellPhone',
    'fax': 'fax',
    'language': 'language',
    'nationality': 'nationality',
    'gender': 'gender',
    'birth_day': 'birthDay',
    'birth_city': 'birthCity',
    'birth_zip': 'birthZip',
    'birth_country': 'birthCountry',
    'vat': 'vat',
    'company_national_identification_number': 'companyNationalIdentificationNumber',
    'national_identification_number': 'nationalIdentificationNumber',
    'enterprise_id': 'enterpriseId',
    'website': 'website',
}
ADDRESS_FIELDS = ('line1', 'line2', 'line3', 'city', 'zip', 'province', 'country', 'other_details')
ADDRESS_API = {'other_details': 'otherDetails'}
_EMAIL = re.compile(r'^[^@\s]+@[^@\s]+\.[^@\s]+$')
_PHONE = re.compile(r'^\+[0-9]{1,3}\.[0-9]{4,14}$')
_DATE = re.compile(r'^[0-9]{4}-[0-9]{2}-[0-9]{2}$')


def _at(option: str, name: str) -> str:
    """``owner.address.city``, or ``address.city`` when the fields are options of their own."""
    return '%s.%s' % (option, name) if option else name


# Fields where a number makes sense (a postal code, a company or VAT number written as digits):
# an integer is taken as its digits there; every other field takes text only.
NUMERIC_FIELDS = frozenset(('zip', 'birth_zip', 'vat', 'company_national_identification_number', 'national_identification_number',
                            'enterprise_id'))


def _text(value, option: str, name: str):
    """A contact field as text (None when unset or blank); refuses what is not text - a list, a
    dict, a boolean - instead of writing its Python form, and a number outside NUMERIC_FIELDS."""
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool) and name.rsplit('.', 1)[-1] in NUMERIC_FIELDS:
        value = str(value)
    if not isinstance(value, str):
        kind = 'a number' if name.rsplit('.', 1)[-1] in NUMERIC_FIELDS else 'text'
        raise ValueError('%s must be %s, got %r' % (_at(option, name), kind if kind == 'text' else 'text or ' + kind, value))
    return value.strip() or None


def contact_fields(given, option: str = 'owner') -> dict:
    """The API's fields (camelCase, ``address`` nested) of a contact given in snake_case, checked:
    raises ``ValueError`` naming ``option.field`` and what it accepts."""
    if not isinstance(given, dict):
        raise ValueError('%s must be a dict of contact fields (legal_form, first_name, last_name, organisation_name, email, phone, '
                         'address, language, ...), got %r' % (option or 'contact', given))
    unknown = sorted(set(given) - set(FIELDS) - {'address'})
    if unknown:
        raise ValueError('%s: %s is not a contact field; the fields are %s, address' % (option or 'contact', ', '.join(unknown), ', '.join(FIELDS)))
    fields = {}
    for name, api_name in FIELDS.items():
        value = _text(given.get(name), option, name)
        if value is not None:
            fields[api_name] = value
    address = given.get('address') or {}
    if not isinstance(address, dict):
        raise ValueError('%s must be a dict (line1, city, zip, country, ...), got %r' % (_at(option, 'address'), address))
    unknown = sorted(set(address) - set(ADDRESS_FIELDS))
    if unknown:
        raise ValueError('%s: %s is not an address field; the fields are %s' % (_at(option, 'address'), ', '.join(unknown), ', '.join(ADDRESS_FIELDS)))
    texts = {name: _text(address.get(name), option, 'address.' + name) for name in ADDRESS_FIELDS}
    fields['address'] = {ADDRESS_API.get(name, name): text for name, text in texts.items() if text is not None}
    _check(fields, option)
    return fields


def _check(fields, option) -> None:
    address = fields['address']
    for key in ('country', 'nationality', 'birthCountry'):
        holder = address if key == 'country' else fields
        if key in holder:
            holder[key] = holder[key].upper()
            if holder[key] not in COUNTRIES:
                name = 'address.country' if key == 'country' else next(snake for snake, api in FIELDS.items() if api == key)
                raise ValueError('%s must be a two-letter country code such as FR, DE or GB (ISO 3166-1), got %r' % (_at(option, name), holder[key]))
    legal_form = fields.get('legalForm')
    if legal_form is None:
        raise ValueError('%s is required: one of %s' % (_at(option, 'legal_form'), ', '.join(LEGAL_FORMS)))
    if legal_form not in LEGAL_FORMS:
        raise ValueError('%s must be one of %s, got %r' % (_at(option, 'legal_form'), ', '.join(LEGAL_FORMS), legal_form))
    needed = ['email']
    needed += ['firstName', 'lastName'] if legal_form == 'individual' else ['organisationName']
    for api_name in needed:
        if api_name not in fields:
            name = next(snake for snake, api in FIELDS.items() if api == api_name)
            why = 'of an individual' if legal_form == 'individual' else 'of a %s (legal_form is not individual)' % legal_form
            raise ValueError('%s is required for the owner %s' % (_at(option, name), why))
    for part in ('line1', 'city', 'country'):
        if part not in address:
            raise ValueError('%s is required' % _at(option, 'address.' + part))
    if 'zip' not in address and address['country'] not in NO_POSTAL_CODE:
        raise ValueError('%s is required for an address in %s' % (_at(option, 'address.zip'), address['country']))
    if not _EMAIL.match(fields['email']):
        raise ValueError('%s must be an e-mail address such as owner@example.com, got %r' % (_at(option, 'email'), fields['email']))
    for key in ('phone', 'cellPhone', 'fax'):
        if key in fields and not _PHONE.match(fields[key]):
            name = next(snake for snake, api in FIELDS.items() if api == key)
            raise ValueError('%s must be written as OVHcloud does, +<country code>.<number> such as +33.123456789, got %r'
                             % (_at(option, name), fields[key]))
    if 'language' in fields and fields['language'] not in LANGUAGES:
        raise ValueError('%s must be one of %s, got %r' % (_at(option, 'language'), ', '.join(LANGUAGES), fields['language']))
    if 'gender' in fields and fields['gender'] not in GENDERS:
        raise ValueError('%s must be one of %s, got %r' % (_at(option, 'gender'), ', '.join(GENDERS), fields['gender']))
    if 'birthDay' in fields and not _DATE.match(fields['birthDay']):
        raise ValueError('%s must be a date such as 1990-12-31, got %r' % (_at(option, 'birth_day'), fields['birthDay']))


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


def describe_rule(rule_tree: dict, field: str) -> str | None:
    """What the registry's rule tree says about ``field`` (``owner.address.city`` → ``must equal
    Berlin``), or None when it says nothing about it."""
    label = field.split('.', 1)[1] if field.startswith('owner.') else field
    for rule in _walk(rule_tree):
        if rule.get('label') == label and rule.get('constraints'):
            parts = []
            for constraint in rule['constraints']:
                operator = constraint.get('operator')
                if constraint.get('value') is not None:
                    parts.append('%s %s' % ({'eq': 'must be', 'ne': 'must not be'}.get(operator, operator), constraint['value']))
                elif constraint.get('values'):
                    parts.append('%s %s' % ({'contains': 'must be one of'}.get(operator, operator), ', '.join(map(str, constraint['values']))))
            if not parts and any(constraint.get('operator') == 'required' for constraint in rule['constraints']):
                parts.append('is required')
            return ' and '.join(parts) or None
    return None


def _walk(rule):
    if not isinstance(rule, dict):
        return
    yield rule
    for key in ('and', 'or'):
        for child in rule.get(key) or ():
            yield from _walk(child)
    if isinstance(rule.get('fields'), dict):
        yield from _walk(rule['fields'])


def snake_field(field: str) -> str:
    """``owner.address.city`` → ``address.city``; ``owner.organisationName`` → ``organisation_name``."""
    name = field.split('.', 1)[1] if field.startswith('owner.') else field
    if name.startswith('address.'):
        return name
    return next((snake for snake, api in FIELDS.items() if api == name), name)


def path_contact(client, path: str) -> dict:
    """The contact behind an ``OWNER_CONTACT`` path (``/me/contact/N`` shares its ids)."""
    return get_contact(client, contact_id_of(path)) or {}
