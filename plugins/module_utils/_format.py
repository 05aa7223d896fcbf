# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# PRIVATE to the ovhcloud.order collection: no compatibility promise to other collections.
"""Pure formatters, normalisers and checks of the API's values, shared by the planner, the input
validation and the resource layer: prices and amounts, offers as text, configuration values,
contact fields (snake_case options to the API's camelCase, checked) and the registries' rules as
text. No I/O: nothing here imports the client, ``requests`` or a resource module (``_cart``,
``_order``, ``_contact``), which import these names from here (``tests/unit/test_layers.py``).
"""

from __future__ import annotations

import json
import re
from decimal import Decimal

from ansible_collections.ovhcloud.order.plugins.module_utils._domain import canonical_domain


# -- prices and offers ----------------------------------------------------------------------------
def normalize_price(price) -> dict | None:
    """An ``order.Price`` as ``{value, currency, text}``."""
    if not isinstance(price, dict):
        return None
    return {'value': price.get('value'), 'currency': price.get('currencyCode'), 'text': price.get('text')}


def format_amount(value, currency) -> str:
    """``2500.00 EUR``: an amount for a message."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return '%.2f %s' % (value, currency or '')
    return '%s %s' % (value, currency or '')


def domain_prices(details) -> dict:
    """Domain → ``(total without tax, currency)`` of its detail lines (a domain and its DNS zone)."""
    totals = {}
    for detail in details or ():
        domain = canonical_domain(detail.get('domain'))
        price = normalize_price(detail.get('totalPrice')) if 'totalPrice' in detail else detail.get('total_price')
        if not domain or not price or price.get('value') is None:
            continue
        value, currency = totals.get(domain, (Decimal('0'), price.get('currency')))
        totals[domain] = (value + Decimal(str(price['value'])), currency or price.get('currency'))
    return {domain: (float(value), currency) for domain, (value, currency) in totals.items()}


def describe_offer(offer: dict) -> str:
    return '%s (%s)' % (offer.get('action'), offer.get('pricing_mode'))


# -- configurations --------------------------------------------------------------------------------
# Every configuration label the OVHcloud domain order guide documents.
DOCUMENTED_LABELS = (
    'OWNER_LEGAL_AGE', 'OWNER_CONTACT', 'ADMIN_ACCOUNT', 'TECH_ACCOUNT', 'DNS', 'AUTH_INFO',
    'ACCEPT_CONDITIONS', 'REASON', 'CLAIMS_NOTICE', 'PROTECTED_CODE', 'DOMAIN_CONFIG', 'KEEP_DNS',
)


def configuration_value(label: str, value, option: str = 'configurations') -> str:
    """A configuration value as the API takes it: booleans as ``true``/``false``, a DNS list joined
    with ``;``, other lists and dicts (``DOMAIN_CONFIG``) as compact JSON, anything else as text."""
    if value is None:
        raise ValueError('%s.%s needs a value (use state=absent to remove a configuration)' % (option, label))
    if isinstance(value, bool):
        return 'true' if value else 'false'
    if isinstance(value, (list, tuple)):
        if label == 'DNS':
            servers = [str(server).strip() for server in value if str(server).strip()]
            if not servers:
                raise ValueError('%s.DNS needs at least one name server (use state=absent to remove it)' % option)
            return ';'.join(servers)
        return json.dumps(list(value), separators=(',', ':'), sort_keys=True)
    if isinstance(value, dict):
        return json.dumps(value, separators=(',', ':'), sort_keys=True)
    return str(value)


# -- contacts --------------------------------------------------------------------------------------
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


# -- registry rules --------------------------------------------------------------------------------
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
