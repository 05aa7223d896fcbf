# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The simulator's state (carts, items, configurations, orders, domains, contacts, consumer keys, counters) and its persistence.

Everything lives in one JSON-serializable dict guarded by one re-entrant lock. With ``--state FILE``
the dict is written to FILE (atomically: temporary file, then rename) after every request that
changed it, and read back at start-up.
"""

import copy
import json
import os
import tempfile
import threading
import time

STATE_VERSION = 1

NIC = 'sim1234-ovh'

# ``nichandle.Nichandle`` of the built-in account.
ACCOUNT = {
    'address': '1 rue du Simulateur',
    'area': None,
    'birthCity': None,
    'birthDay': None,
    'city': 'Paris',
    'companyNationalIdentificationNumber': None,
    'complementaryAddress': None,
    'corporationType': None,
    'country': 'FR',
    'currency': {'code': 'EUR', 'symbol': 'EURO'},
    'customerCode': '1234-5678-90',
    'email': 'sim1234@example.net',
    'fax': None,
    'firstname': 'Sim',
    'italianSDI': None,
    'kycValidated': True,
    'language': 'fr_FR',
    'legalform': 'individual',
    'name': 'Ulator',
    'nationalIdentificationNumber': None,
    'nichandle': NIC,
    'organisation': None,
    'ovhCompany': 'ovh',
    'ovhSubsidiary': 'FR',
    'phone': '+33.123456789',
    'phoneCountry': 'FR',
    'phoneType': 'landline',
    'purposeOfPurchase': None,
    'sex': None,
    'spareEmail': None,
    'state': 'complete',
    'vat': None,
    'zip': '75001',
}

# ``me.payment.PaymentMethod`` records of the built-in account (see ``PUT /_sim/payment-methods``).
DEFAULT_PAYMENT_METHODS = [
    {
        'paymentMethodId': 1,
        'paymentMeanId': 101,
        'paymentType': 'CREDIT_CARD',
        'paymentSubType': 'VISA',
        'label': '4970********0001',
        'description': 'Simulated credit card',
        'status': 'VALID',
        'default': True,
        'expirationDate': '2030-12-31T23:59:59+00:00',
    },
    {
        'paymentMethodId': 2,
        'paymentMeanId': 102,
        'paymentType': 'PAYPAL',
        'paymentSubType': None,
        'label': 'sim1234@example.net',
        'description': 'Simulated PayPal account (expired)',
        'status': 'EXPIRED',
        'default': False,
        'expirationDate': None,
    },
]

_FIRST_IDS = {
    'item': 10000000,
    'configuration': 20000000,
    'order': 30000000,
    'orderDetail': 40000000,
    'contact': 50000000,
    'service': 60000000,
    'nameServer': 70000000,
    'credential': 424300,
    'task': 80000000,
    'query': 0,
    'request': 0,
}


def initial_state():
    return {
        'version': STATE_VERSION,
        'clockOffset': 0.0,
        'counters': dict(_FIRST_IDS),
        'carts': {},
        'items': {},
        'configurations': {},
        'orders': {},
        'domains': {},
        'contacts': {},
        'paymentMethods': copy.deepcopy(DEFAULT_PAYMENT_METHODS),
        'tokens': {},
        # Consumer keys created with POST /auth/credential, by consumer key.
        'credentials': {},
    }


class Store:
    """The state dict, its lock, and its file."""

    def __init__(self, path=None):
        self.lock = threading.RLock()
        self.path = path
        self.data = initial_state()
        self.dirty = False
        if path and os.path.exists(path):
            self.load()

    # -- persistence -------------------------------------------------------------------------------
    def load(self):
        with open(self.path, encoding='utf-8') as handle:
            data = json.load(handle)
        if not isinstance(data, dict) or data.get('version') != STATE_VERSION:
            raise ValueError('%s is not a state file of this simulator (version %s)' % (self.path, STATE_VERSION))
        fresh = initial_state()
        fresh.update(data)
        fresh['counters'] = dict(_FIRST_IDS, **data.get('counters', {}))
        self.data = fresh

    def save(self):
        if not self.path:
            return
        directory = os.path.dirname(os.path.abspath(self.path))
        handle, temporary = tempfile.mkstemp(prefix='.sim-state-', dir=directory)
        try:
            with os.fdopen(handle, 'w', encoding='utf-8') as stream:
                json.dump(self.data, stream, indent=1, sort_keys=True)
            os.replace(temporary, self.path)
        except BaseException:
            if os.path.exists(temporary):
                os.unlink(temporary)
            raise
        self.dirty = False

    def mark(self):
        """Note that the state changed (it is saved at the end of the request)."""
        self.dirty = True

    def commit(self):
        if self.dirty:
            self.save()
            self.dirty = False

    def reset(self):
        self.data = initial_state()
        self.mark()

    # -- helpers ---------------------------------------------------------------------------------
    def now(self):
        return time.time() + self.data['clockOffset']

    def next_id(self, kind):
        """The next identifier of a kind. Query and request counters alone do not trigger a save."""
        self.data['counters'][kind] += 1
        if kind not in ('query', 'request'):
            self.mark()
        return self.data['counters'][kind]

    @property
    def carts(self):
        return self.data['carts']

    @property
    def items(self):
        return self.data['items']

    @property
    def configurations(self):
        return self.data['configurations']

    @property
    def orders(self):
        return self.data['orders']

    @property
    def domains(self):
        return self.data['domains']

    @property
    def contacts(self):
        return self.data['contacts']

    @property
    def payment_methods(self):
        return self.data['paymentMethods']

    @property
    def tokens(self):
        return self.data['tokens']

    @property
    def credentials(self):
        return self.data['credentials']
