# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Renewals of owned domains: renewal settings (``serviceInfos``), renewal options, the renewal item of
a cart, its delivery, and the domain tasks (``/domain/{serviceName}/task``, ``/me/task/domain``).

An owned domain's record may hold ``renew`` (its renewal settings), ``dnssecState`` and ``tasks``;
records made before these existed take the defaults below. The renewal of a domain is offered while
the domain is ``ok`` or ``expired`` (within the registry's grace), for the durations of its
extension, at the extension's renewal price per year (premium names: the premium renewal price). A
delivered renewal adds its duration to the expiry date and leaves a done ``DomainRenew`` task.
"""

import hashlib

from .catalogue import GENERAL_CONTRACTS, money
from .errors import bad_request, object_not_found
from .schema import ENUMS, MODELS, F, N
from .timeutil import add_years, duration_years, format_date, format_datetime

# Request models and enumerations of these routes, transcribed from OVHcloud's schema (domain.json,
# order.json, me.json of ../shared/ovh-api-schema).
MODELS.update({
    # PUT /domain/{serviceName}/serviceInfos takes a whole services.Service; only renew is writable.
    'services.Service': {
        'canDeleteAtExpiration': F('boolean', read_only=True),
        'contactAdmin': F('coreTypes.AccountId:string', read_only=True),
        'contactBilling': F('coreTypes.AccountId:string', read_only=True),
        'contactTech': F('coreTypes.AccountId:string', read_only=True),
        'creation': F('date', read_only=True),
        'domain': F('string', read_only=True),
        'engagedUpTo': F('date', nullable=True, read_only=True),
        'expiration': F('date', read_only=True),
        'possibleRenewPeriod': F('long[]', nullable=True, read_only=True),
        'renew': N('service.RenewType'),
        'renewalType': F('service.RenewalTypeEnum', read_only=True),
        'serviceId': F('coreTypes.ServiceId:long', read_only=True),
        'status': F('service.StateEnum', read_only=True),
    },
    'service.RenewType': {
        'automatic': F('boolean'),
        'deleteAtExpiration': F('boolean'),
        'forced': F('boolean'),
        'manualPayment': N('boolean'),
        'period': N('long'),
    },
    # POST /order/cartServiceOption/domain/{serviceName}: an old-style body whose keys are parameters.
    'order.cartServiceOption.DomainPost': {
        'cartId': F('string', required=True),
        'duration': F('duration', required=True),
        'planCode': F('string', required=True),
        'pricingMode': F('string', required=True),
        'quantity': F('long', required=True),
    },
})
ENUMS.update({name: tuple(values.split()) for name, values in {
    'service.RenewalTypeEnum': 'automaticForcedProduct automaticV2012 automaticV2014 automaticV2016 manual oneShot option',
    'service.StateEnum': 'expired inCreation ok pendingDebt unPaid',
    'domain.OperationStatusEnum': 'cancelled doing done error problem todo',
    'domain.DomainStateEnum': ('deleted dispute expired ok outgoing_transfer pending_create pending_delete pending_incoming_transfer '
                               'pending_installation registry_suspended restorable technical_suspended'),
    'domain.DnssecStateEnum': 'disabled enabled not_supported',
    'domain.LockStatusEnum': 'locked locking unavailable unlocked unlocking',
    'domain.OperationFunctionEnum': (
        'ContactControl ContactControlAcknowledge ContactControlCorrect ContactControlNotify DnsAnycastActivate DnsAnycastDeactivate '
        'DnssecDisable DnssecEnable DnssecResigning DnssecRollKsk DnssecRollZsk DomainAfterMarket DomainContactControl '
        'DomainContactUpdate DomainControl DomainCreate DomainDelete DomainDnsUpdate DomainDsUpdate DomainEmailRedirectionsCreate '
        'DomainEmailRedirectionsDelete DomainHold DomainHostCreate DomainHostDelete DomainHostUpdate DomainIncomingTransfer DomainLock '
        'DomainOutgoingTransfer DomainRegistryDelete DomainRenew DomainResourceDelete DomainRestore DomainTrade DomainUnhold '
        'DomainUnlock ZoneImport'),
}.items()})


RENEW_FAMILY = 'renew'
RENEW_PRICING_MODE = 'default'
DEFAULT_RENEW = {'automatic': True, 'deleteAtExpiration': False, 'forced': False, 'manualPayment': False, 'period': 12}
RENEWABLE_STATES = ('ok', 'expired')
OPEN_TASK_STATUSES = ('todo', 'doing', 'error', 'problem')
# domain.DomainStateEnum -> service.StateEnum (serviceInfos.status)
SERVICE_STATUS = {'expired': 'expired', 'pending_create': 'inCreation', 'pending_installation': 'inCreation'}


# -- settings ----------------------------------------------------------------------------------------
def renew_settings(record):
    """The renewal settings of a domain (``service.RenewType``)."""
    settings = dict(DEFAULT_RENEW)
    settings.update(record.get('renew') or {})
    return settings


def renewal_state(record):
    """``domain.RenewalStateEnum`` for ``GET /domain/{serviceName}``."""
    settings = renew_settings(record)
    if settings['deleteAtExpiration']:
        return 'cancellation_requested'
    return 'automatic_renew' if settings['automatic'] else 'manual_renew'


# -- the renewal offer -------------------------------------------------------------------------------
def renewal_offer(app, domain):
    """The renewal of an owned domain in the shape of a catalogue offer (the cart and order code prices
    items through offers): one year costs the extension's renewal price, ``n`` years ``n`` times it."""
    catalogue = app.catalogue
    label, suffix = catalogue.split(domain)
    if suffix is None:
        return None
    tld = catalogue.tlds[suffix]
    kind = catalogue.kind_of(label)
    source = catalogue.data['premium'] if kind == 'premium' else tld
    per_year = money(source['renew'])
    return {
        'domain': domain, 'label': label, 'tld': suffix, 'planCode': suffix, 'kind': 'renew', 'owned': True, 'action': 'renew',
        'pricingMode': RENEW_PRICING_MODE, 'orderable': True, 'reason': None,
        'durations': list(source.get('durations') or ['P1Y']), 'phase': tld.get('phase', 'ga'), 'offer': tld.get('offer', 'gold'),
        'offerId': hashlib.sha1(('%s:renew' % suffix).encode()).hexdigest()[:24],
        'prices': {'price': per_year, 'discount': money(0), 'fee': money(0), 'renew': per_year, 'perYear': per_year},
        'configurations': [], 'rules': [], 'contracts': list(GENERAL_CONTRACTS),
    }


def is_renewable(record):
    return record['state'] in RENEWABLE_STATES and not renew_settings(record)['deleteAtExpiration']


def option_definitions(app, record):
    """``order.cart.GenericOptionDefinition[]`` of ``GET /order/cartServiceOption/domain/{serviceName}``."""
    if not is_renewable(record):
        return []
    offer = renewal_offer(app, record['domain'])
    from .orders import price  # orders imports this module
    prices = []
    for duration in offer['durations']:
        years = duration_years(duration)
        amount = offer['prices']['perYear'] * years
        prices.append({
            'capacities': ['renew'], 'description': 'Renewal of %s for %d year%s' % (record['domain'], years, '' if years == 1 else 's'),
            'duration': duration, 'interval': years, 'maximumQuantity': 1, 'maximumRepeat': 1, 'minimumQuantity': 1,
            'minimumRepeat': 1, 'price': price(amount, app.catalogue.currency), 'priceInUcents': int(money(amount) * 100000000),
            'pricingMode': RENEW_PRICING_MODE, 'pricingType': 'purchase',
        })
    return [{'exclusive': True, 'family': RENEW_FAMILY, 'mandatory': False, 'planCode': offer['planCode'], 'prices': prices,
             'productName': 'Domain name renewal (.%s)' % offer['tld'], 'productType': 'domain'}]


def possible_periods(app, record):
    """``possibleRenewPeriod``: the renewal durations in months (empty when it cannot be renewed)."""
    offer = renewal_offer(app, record['domain'])
    return [12 * duration_years(duration) for duration in offer['durations']] if offer else []


# -- serviceInfos ------------------------------------------------------------------------------------
def service_infos(app, record):
    """``services.Service`` of ``GET /domain/{serviceName}/serviceInfos``."""
    settings = renew_settings(record)
    return {
        'canDeleteAtExpiration': True,
        'contactAdmin': record['admin'],
        'contactBilling': record['billing'],
        'contactTech': record['tech'],
        'creation': format_date(record['creation']),
        'domain': record['domain'],
        'engagedUpTo': None,
        'expiration': format_date(record['expiration']),
        'possibleRenewPeriod': possible_periods(app, record),
        'renew': settings,
        'renewalType': 'automaticV2016' if settings['automatic'] else 'manual',
        'serviceId': record['serviceId'],
        'status': SERVICE_STATUS.get(record['state'], 'ok'),
    }


def update_service_infos(app, record, body):
    """``PUT /domain/{serviceName}/serviceInfos``: only ``renew`` can change (read-only fields of the
    body were dropped by the schema check); fields of ``renew`` that are not given keep their value."""
    changes = body.get('renew')
    if not changes:
        return
    settings = renew_settings(record)
    wanted = dict(settings)
    wanted.update({key: value for key, value in changes.items() if value is not None})
    if wanted['forced'] != settings['forced']:
        raise bad_request('renew.forced cannot be changed: it is set by OVHcloud for the services it renews in any case')
    if wanted['automatic'] and wanted['deleteAtExpiration']:
        raise bad_request('A service that is deleted at expiration cannot be renewed automatically: set renew.automatic to false '
                          'with renew.deleteAtExpiration')
    periods = possible_periods(app, record)
    if wanted['period'] is not None and wanted['period'] not in periods:
        raise bad_request('Invalid renew.period %s for %s: the possible renew periods are %s (months)'
                          % (wanted['period'], record['domain'], ', '.join(str(period) for period in periods)))
    if wanted != settings:
        record['renew'] = wanted
        record['lastUpdate'] = app.store.now()
        app.store.mark()


# -- the renewal in a cart, its checkout and its delivery -------------------------------------------
def owned_record(app, name, parameter='serviceName'):
    record = app.store.domains.get(str(name).lower())
    if record is None:
        raise object_not_found(parameter, name)
    return record


def check_item(app, item):
    """The checkout's checks of a renewal item; returns its delivery."""
    domain = item['domain']
    record = app.store.domains.get(domain)
    if record is None:
        raise bad_request('Item %d: the domain name %s is no longer in your account; it cannot be renewed' % (item['itemId'], domain))
    if not is_renewable(record):
        raise bad_request('Item %d: the domain name %s cannot be renewed (state %s, renewal %s)'
                          % (item['itemId'], domain, record['state'], renewal_state(record)))
    return {'itemId': item['itemId'], 'domain': domain, 'kind': 'renew', 'action': 'renew', 'duration': item['duration'],
            'configurations': {}, 'owner': None}


def deliver(app, delivery, order):
    """A delivered renewal: the expiry date moves by the duration, a done DomainRenew task is left."""
    record = app.store.domains.get(delivery['domain'])
    if record is None:
        return
    now = app.store.now()
    record['expiration'] = add_years(record['expiration'], duration_years(delivery['duration']))
    if record['state'] == 'expired':
        record['state'] = 'ok'
    record['lastUpdate'] = now
    add_task(app, record, 'DomainRenew', 'done', comment='Renewed for %s by order %s' % (delivery['duration'], order['orderId']))


# -- tasks -------------------------------------------------------------------------------------------
def add_task(app, record, function, status, comment=None, age=0):
    """Add a task to a domain; ``age`` (seconds) dates it in the past. Returns the task."""
    store = app.store
    now = store.now()
    created = now - age
    task = {'id': store.next_id('task'), 'function': function, 'status': status, 'comment': comment, 'creation': created,
            'todo': created, 'lastUpdate': now, 'done': now if status in ('done', 'cancelled') else None}
    record.setdefault('tasks', []).append(task)
    store.mark()
    return task


def render_task(record, task):
    """A ``domain.Task``."""
    return {
        'canAccelerate': task['status'] == 'todo',
        'canCancel': task['status'] in ('todo', 'error'),
        'canRelaunch': task['status'] in ('error', 'problem'),
        'comment': task['comment'],
        'creationDate': format_datetime(task['creation']),
        'domain': record['domain'],
        'doneDate': format_datetime(task['done']) if task['done'] is not None else None,
        'function': task['function'],
        'id': task['id'],
        'lastUpdate': format_datetime(task['lastUpdate']),
        'status': task['status'],
        'todoDate': format_datetime(task['todo']),
    }


def task_ids(records, function=None, status=None):
    found = []
    for record in records:
        for task in record.get('tasks') or ():
            if (function is None or task['function'] == function) and (status is None or task['status'] == status):
                found.append(task['id'])
    return sorted(found)


def find_task(records, task_id):
    for record in records:
        for task in record.get('tasks') or ():
            if task['id'] == task_id:
                return record, task
    return None, None
