# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The domain catalogue: which names are orderable, how, at what price, with which configurations.

The answer for a name depends only on the name (and on whether the account already owns it), so a
test can pick the case it needs by choosing the name:

* the suffix (``com``, ``co.uk``, ...) selects the TLD entry: prices, durations, extra
  configurations and eligibility rules;
* the first label's prefix selects the kind of offer: ``premium-``, ``aftermarket-``, ``taken-``
  (registered elsewhere, so a transfer), ``reserved-`` (not orderable), ``claims-`` (trademark
  claim) and ``protected-`` (reserved name released with a registry code); anything else is a
  standard registration.

``--catalogue FILE`` replaces the defaults with a JSON file of the same structure as
``DEFAULT_CATALOGUE`` (``python3 tests/simulator --dump-catalogue`` prints it); top-level keys
missing from the file keep their default value.
"""

import copy
import decimal
import hashlib
import json
import re

from .errors import bad_request

Decimal = decimal.Decimal

_YEARS = ['P%dY' % years for years in range(1, 11)]
EU_COUNTRIES = [
    'AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU', 'IE', 'IS', 'IT', 'LI', 'LT', 'LU',
    'LV', 'MT', 'NL', 'NO', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK',
]

DEFAULT_CATALOGUE = {
    'currency': 'EUR',
    'taxRate': '0.20',
    'authInfoCode': 'SIM-AUTH-OK',
    'protectedCode': 'SIM-PROTECTED-OK',
    'defaultNameServers': ['dns1.sim.ovh.net', 'ns1.sim.ovh.net'],
    'tlds': {
        'com': {'create': '10.49', 'renew': '13.99', 'transfer': '10.99', 'durations': _YEARS},
        'fr': {'create': '6.99', 'discount': '2.00', 'renew': '9.99', 'transfer': '7.99', 'durations': _YEARS},
        'net': {'create': '12.99', 'renew': '15.49', 'transfer': '12.49', 'durations': _YEARS},
        'org': {'create': '11.99', 'renew': '14.49', 'transfer': '11.49', 'durations': _YEARS},
        'eu': {
            'create': '5.99', 'renew': '8.99', 'transfer': '6.99', 'durations': _YEARS,
            'rules': [{'field': 'owner.address.country', 'operator': 'in', 'values': EU_COUNTRIES,
                       'message': 'Field "country" must be a country of the European Economic Area'}],
        },
        'io': {'create': '39.99', 'renew': '49.99', 'transfer': '45.99', 'durations': _YEARS[:5]},
        'de': {'create': '4.99', 'renew': '7.99', 'transfer': '5.99', 'durations': ['P1Y']},
        'co.uk': {'create': '7.49', 'renew': '9.49', 'transfer': '0.00', 'durations': _YEARS},
        'org.uk': {'create': '7.49', 'renew': '9.49', 'transfer': '0.00', 'durations': _YEARS},
        'com.au': {'create': '14.99', 'renew': '14.99', 'transfer': '14.99', 'durations': ['P1Y', 'P2Y', 'P3Y', 'P4Y', 'P5Y']},
        'berlin': {
            'create': '35.00', 'renew': '45.00', 'transfer': '39.00', 'durations': _YEARS[:5],
            'configurations': [{'label': 'ACCEPT_CONDITIONS', 'type': 'bool', 'required': True}],
            'rules': [{'field': 'owner.address.city', 'operator': 'eq', 'value': 'Berlin',
                       'message': 'Field "city" must be Berlin'}],
            'contracts': [{'name': 'Registration policy of the .berlin registry', 'slug': 'berlin-policy'}],
        },
    },
    'premium': {'create': '2500.00', 'renew': '2500.00', 'durations': ['P1Y']},
    'aftermarket': {'price': '1500.00', 'fee': '50.00', 'durations': ['P1Y']},
    'prefixes': {
        'premium-': 'premium',
        'aftermarket-': 'aftermarket',
        'taken-': 'transfer',
        'reserved-': 'reserved',
        'claims-': 'claims',
        'protected-': 'protected',
    },
}

KINDS = ('standard', 'premium', 'aftermarket', 'transfer', 'reserved', 'claims', 'protected')

# Every configuration label the simulator knows, with its type and what its value must look like.
LABEL_TYPES = {
    'OWNER_LEGAL_AGE': 'bool',
    'OWNER_CONTACT': '/me/contact',
    'ADMIN_ACCOUNT': 'Nichandle',
    'TECH_ACCOUNT': 'Nichandle',
    'DNS': 'String',
    'AUTH_INFO': 'String',
    'KEEP_DNS': 'bool',
    'ACCEPT_CONDITIONS': 'bool',
    'CLAIMS_NOTICE': 'String',
    'REASON': 'String',
    'PROTECTED_CODE': 'String',
    'DOMAIN_CONFIG': 'json',
}
OWNER_CONTACT_FIELDS = [
    'address.city', 'address.country', 'address.line1', 'address.zip', 'email', 'firstName', 'language', 'lastName',
    'legalForm', 'organisationName', 'phone',
]

# The generic owner rules (every TLD): the fields that a registrant contact must have.
GENERIC_RULES = [
    {'field': 'owner.email', 'operator': 'required', 'message': 'Field "email" is required'},
    {'field': 'owner.address.line1', 'operator': 'required', 'message': 'Field "line1" is required'},
    {'field': 'owner.address.city', 'operator': 'required', 'message': 'Field "city" is required'},
    {'field': 'owner.address.country', 'operator': 'required', 'message': 'Field "country" is required'},
    {'field': 'owner.address.zip', 'operator': 'required', 'message': 'Field "zip" is required'},
    {'field': 'owner.legalForm', 'operator': 'required', 'message': 'Field "legalForm" is required'},
    {'field': 'owner.firstName', 'operator': 'required', 'when': {'owner.legalForm': 'individual'},
     'message': 'Field "firstName" is required'},
    {'field': 'owner.lastName', 'operator': 'required', 'when': {'owner.legalForm': 'individual'},
     'message': 'Field "lastName" is required'},
    {'field': 'owner.organisationName', 'operator': 'required', 'unless': {'owner.legalForm': 'individual'},
     'message': 'Field "organisationName" is required when legalForm is not individual'},
]

GENERAL_CONTRACTS = [
    {'name': 'General Terms and Conditions', 'slug': 'general-terms'},
    {'name': 'Specific Conditions for Domain Names', 'slug': 'domain-conditions'},
]

_LABEL_RE = re.compile(r'^(?!-)[a-z0-9-]{1,63}(?<!-)$')
CENT = Decimal('0.01')


def money(value):
    """A Decimal rounded to the cent."""
    return Decimal(str(value)).quantize(CENT, rounding=decimal.ROUND_HALF_UP)


def normalize_domain(name):
    """Lower-case and check a domain name; raise 400 if it is malformed."""
    if not isinstance(name, str) or not name:
        raise bad_request('Invalid domain name: a domain name is required')
    text = name.strip().lower()
    try:
        text.encode('ascii')
    except UnicodeEncodeError:
        raise bad_request('Invalid domain name %s: use the ASCII (punycode, xn--) form of internationalized names' % name)
    labels = text.split('.')
    if len(text) > 253 or len(labels) < 2:
        raise bad_request('Invalid domain name %s' % name)
    for label in labels:
        if not _LABEL_RE.match(label) or (label[2:4] == '--' and not label.startswith('xn--')):
            raise bad_request('Invalid domain name %s' % name)
    if labels[-1].isdigit():
        raise bad_request('Invalid domain name %s' % name)
    return text


class Catalogue:
    """The active catalogue (built-in, or loaded from a JSON file)."""

    def __init__(self, data=None):
        merged = copy.deepcopy(DEFAULT_CATALOGUE)
        if data:
            merged.update(copy.deepcopy(data))
        self.data = merged
        self._check()
        self.currency = merged['currency']
        self.tax_rate = Decimal(str(merged['taxRate']))
        self.auth_info_code = merged['authInfoCode']
        self.protected_code = merged['protectedCode']
        self.default_name_servers = list(merged['defaultNameServers'])
        self.tlds = merged['tlds']
        self.prefixes = sorted(merged['prefixes'].items(), key=lambda entry: -len(entry[0]))

    @classmethod
    def from_file(cls, path):
        with open(path, encoding='utf-8') as handle:
            data = json.load(handle)
        if not isinstance(data, dict):
            raise ValueError('%s: the catalogue must be a JSON object' % path)
        return cls(data)

    def _check(self):
        """Fail early (at start-up) on a catalogue file that the simulator cannot use."""
        data = self.data
        if not isinstance(data.get('tlds'), dict) or not data['tlds']:
            raise ValueError('catalogue: "tlds" must be a non-empty object')
        for tld, entry in data['tlds'].items():
            for key in ('create', 'renew'):
                if key not in entry:
                    raise ValueError('catalogue: TLD %s lacks "%s"' % (tld, key))
                Decimal(str(entry[key]))
            durations = entry.get('durations') or ['P1Y']
            if not all(re.match(r'^P([1-9]|10)Y$', duration) for duration in durations):
                raise ValueError('catalogue: TLD %s: durations must be P1Y..P10Y' % tld)
            for rule in entry.get('rules', []):
                if rule.get('operator') not in ('eq', 'in', 'required') or not str(rule.get('field', '')).startswith('owner.'):
                    raise ValueError('catalogue: TLD %s: unsupported rule %r' % (tld, rule))
            for configuration in entry.get('configurations', []):
                if configuration.get('label') not in LABEL_TYPES:
                    raise ValueError('catalogue: TLD %s: unknown configuration label %r' % (tld, configuration.get('label')))
        for prefix, kind in data['prefixes'].items():
            if kind not in KINDS:
                raise ValueError('catalogue: prefix %s: unknown kind %s (one of %s)' % (prefix, kind, ', '.join(KINDS)))

    def dump(self):
        return copy.deepcopy(self.data)

    # -- name analysis ---------------------------------------------------------------------------
    def split(self, domain):
        """``(label, suffix)`` of a normalized name, the suffix being the longest known TLD, or ``(None, None)``."""
        labels = domain.split('.')
        for size in range(len(labels) - 1, 0, -1):
            suffix = '.'.join(labels[-size:])
            if suffix in self.tlds:
                return '.'.join(labels[:-size]), suffix
        return None, None

    def kind_of(self, label):
        for prefix, kind in self.prefixes:
            if label.startswith(prefix):
                return kind
        return 'standard'

    # -- offers ----------------------------------------------------------------------------------
    def offer(self, domain, owned=False):
        """The offer for a normalized domain name, or ``None`` when its TLD is not sold.

        Raises 400 for a name that is not registrable (a sub-domain of a registrable name).
        """
        label, suffix = self.split(domain)
        if suffix is None:
            return None
        if '.' in label:
            raise bad_request('Invalid domain name %s: only names directly under a public suffix (.%s) can be ordered' % (domain, suffix))
        tld = self.tlds[suffix]
        kind = self.kind_of(label)
        durations = list(tld.get('durations') or ['P1Y'])
        create, renew = money(tld['create']), money(tld['renew'])
        prices = {'price': create, 'discount': money(tld.get('discount', 0)), 'fee': money(tld.get('fee', 0)),
                  'renew': renew, 'perYear': renew}
        action, pricing_mode, orderable, reason = 'create', 'create-default', True, None
        extra = []
        if kind == 'premium':
            premium = self.data['premium']
            pricing_mode = 'create-premium'
            durations = list(premium.get('durations') or ['P1Y'])
            prices = {'price': money(premium['create']), 'discount': money(0), 'fee': money(0),
                      'renew': money(premium['renew']), 'perYear': money(premium['renew'])}
        elif kind == 'aftermarket':
            market = self.data['aftermarket']
            action, pricing_mode = 'transfer', 'transfer-aftermarket1'
            durations = list(market.get('durations') or ['P1Y'])
            prices = {'price': money(market['price']), 'discount': money(0), 'fee': money(market.get('fee', 0)),
                      'renew': renew, 'perYear': renew}
        elif kind == 'transfer':
            action, pricing_mode = 'transfer', 'transfer-default'
            durations = ['P1Y']
            prices = {'price': money(tld.get('transfer', tld['renew'])), 'discount': money(0), 'fee': money(0),
                      'renew': renew, 'perYear': renew}
            extra = [('AUTH_INFO', True), ('KEEP_DNS', False)]
        elif kind == 'reserved':
            orderable, reason = False, 'this name is reserved by the registry'
            prices = None
        elif kind == 'claims':
            extra = [('CLAIMS_NOTICE', True)]
        elif kind == 'protected':
            extra = [('REASON', True), ('PROTECTED_CODE', True)]
        if owned:
            action, pricing_mode, orderable, reason = 'transfer', 'transfer-default', False, 'this domain is already in your account'
            extra = [('AUTH_INFO', True), ('KEEP_DNS', False)]
            prices = None
        configurations = [
            ('OWNER_LEGAL_AGE', True), ('OWNER_CONTACT', False), ('ADMIN_ACCOUNT', False), ('TECH_ACCOUNT', False), ('DNS', False),
        ] + extra + [(entry['label'], bool(entry.get('required'))) for entry in tld.get('configurations', [])]
        return {
            'domain': domain,
            'label': label,
            'tld': suffix,
            'planCode': suffix,
            'kind': kind,
            'owned': owned,
            'action': action,
            'pricingMode': pricing_mode,
            'orderable': orderable,
            'reason': reason,
            'durations': durations,
            'phase': tld.get('phase', 'ga'),
            'offer': tld.get('offer', 'gold'),
            'offerId': hashlib.sha1(('%s:%s' % (suffix, pricing_mode)).encode()).hexdigest()[:24],
            'prices': prices,
            'configurations': configurations,
            'rules': list(GENERIC_RULES) + list(tld.get('rules', [])),
            'contracts': list(GENERAL_CONTRACTS) + list(tld.get('contracts', [])),
        }

    def amounts(self, offer, duration):
        """The PRICE/DISCOUNT/FEE/TOTAL/RENEW amounts of an offer for a duration (``None`` if not sold)."""
        if offer['prices'] is None:
            return None
        years = int(duration[1:-1]) if duration else 1
        prices = offer['prices']
        price = prices['price'] + prices['perYear'] * (years - 1)
        total = price - prices['discount'] + prices['fee']
        return {'PRICE': price, 'DISCOUNT': prices['discount'], 'FEE': prices['fee'], 'TOTAL': total, 'RENEW': prices['renew']}

    def requirement(self, label, required):
        """An ``order.cart.ConfigurationRequirements`` entry."""
        return {
            'fields': list(OWNER_CONTACT_FIELDS) if label == 'OWNER_CONTACT' else None,
            'label': label,
            'required': required,
            'type': LABEL_TYPES[label],
        }
