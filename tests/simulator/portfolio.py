# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""``POST /_sim/portfolio``: give the account owned domains that expire at chosen dates, in varied
states, with their renewal settings and open tasks: either listed one by one (``domains``) or as a
generated portfolio of ``count`` names. Everything is checked before anything is stored."""

import math

from . import orders, renewals
from .catalogue import normalize_domain
from .contacts import nic_contact
from .errors import bad_request, conflict
from .schema import ENUMS
from .timeutil import add_years, format_datetime

DAY = 86400
MAX_DOMAINS = 10000
RENEWAL_MODES = {
    'automatic': {'automatic': True, 'deleteAtExpiration': False},
    'manual': {'automatic': False, 'deleteAtExpiration': False},
    'deleteAtExpiration': {'automatic': False, 'deleteAtExpiration': True},
}
DEFAULT_RENEWAL_MIX = {'automatic': 70, 'manual': 20, 'deleteAtExpiration': 10}
DEFAULT_STATE_MIX = {'ok': 96, 'outgoing_transfer': 2, 'technical_suspended': 2}
DEFAULT_TLDS = ['com', 'fr', 'net', 'org']
# The open tasks a generated portfolio has (one every ``openTasksEvery`` domains), in turn.
GENERATED_TASKS = [
    {'function': 'DomainDnsUpdate', 'status': 'todo'},
    {'function': 'DomainContactUpdate', 'status': 'error', 'comment': 'The registry refused the owner\'s phone number'},
    {'function': 'DnssecEnable', 'status': 'doing'},
]
ENTRY_FIELDS = {'domain', 'expiresInDays', 'state', 'renewal', 'period', 'dnssecState', 'transferLockStatus', 'nameServers', 'tasks'}
BODY_FIELDS = {'domains', 'count', 'prefix', 'tlds', 'expiresInDays', 'renewalMix', 'stateMix', 'openTasksEvery'}


def _number(value, name, low, high, integer=False):
    kinds = (int,) if integer else (int, float)
    if isinstance(value, bool) or not isinstance(value, kinds) or not low <= value <= high:
        raise bad_request('%s must be %s between %s and %s' % (name, 'an integer' if integer else 'a number', low, high))
    return value


def _mix(value, name, allowed):
    if not isinstance(value, dict) or not value or any(key not in allowed for key in value) \
            or any(isinstance(weight, bool) or not isinstance(weight, (int, float)) or weight < 0 for weight in value.values()) \
            or not sum(value.values()) > 0:
        raise bad_request('%s must map some of %s to non-negative weights, not all zero' % (name, ', '.join(sorted(allowed))))
    return value


def _coprime_step(count):
    """A step that visits 0..count-1 in a scattered order (so that expiry dates do not follow names)."""
    for step in (7919, 7907, 7901, 7883):
        if math.gcd(step, count) == 1:
            return step
    return 1


def generated_entries(body):
    """The entries of a generated portfolio of ``count`` domains."""
    from .control import _spread  # control imports this module
    count = _number(body.get('count'), 'count', 1, MAX_DOMAINS, integer=True)
    prefix, tlds = body.get('prefix', 'portfolio'), body.get('tlds', DEFAULT_TLDS)
    if not isinstance(prefix, str) or not isinstance(tlds, list) or not tlds or not all(isinstance(tld, str) for tld in tlds):
        raise bad_request('prefix must be a string and tlds a non-empty list of suffixes')
    window = body.get('expiresInDays', [-15, 730])
    if not isinstance(window, list) or len(window) != 2:
        raise bad_request('expiresInDays must be [first, last]: the expiry dates are spread over these days from now')
    low, high = (_number(value, 'expiresInDays', -3650, 3650) for value in window)
    renewals_kinds = _spread(_mix(body.get('renewalMix', DEFAULT_RENEWAL_MIX), 'renewalMix', RENEWAL_MODES), count)
    state_kinds = _spread(_mix(body.get('stateMix', DEFAULT_STATE_MIX), 'stateMix', ENUMS['domain.DomainStateEnum']), count)
    every = _number(body.get('openTasksEvery', 10), 'openTasksEvery', 0, MAX_DOMAINS, integer=True)
    step = _coprime_step(count)
    entries = []
    for index in range(count):
        days = low + (high - low) * (((index * step) % count) + 0.5) / count
        state = 'expired' if days < 0 else state_kinds[index]
        entry = {
            'domain': '%s-%d.%s' % (prefix, index + 1, tlds[index % len(tlds)]),
            'expiresInDays': days, 'state': state, 'renewal': renewals_kinds[index],
            'dnssecState': 'enabled' if index % 3 == 0 else 'disabled',
            'transferLockStatus': 'unlocked' if state == 'outgoing_transfer' else 'locked',
            'tasks': [GENERATED_TASKS[(index // every) % len(GENERATED_TASKS)]] if every and index % every == 0 else [],
        }
        if index % 2:
            entry['nameServers'] = ['ns1.example.net', 'ns2.example.net']
        entries.append(entry)
    return entries


def _check_entry(app, entry, where):
    if not isinstance(entry, dict) or not isinstance(entry.get('domain'), str):
        raise bad_request('%s must be an object with at least "domain"' % where)
    unknown = sorted(set(entry) - ENTRY_FIELDS)
    if unknown:
        raise bad_request('%s: unknown field %s' % (where, ', '.join(unknown)))
    domain = normalize_domain(entry['domain'])
    offer = app.catalogue.offer(domain)
    if offer is None:
        raise bad_request('%s: the extension of %s is not in the catalogue' % (where, domain))
    _number(entry.get('expiresInDays', 365), where + '.expiresInDays', -3650, 3650)
    for field, enum in (('state', 'domain.DomainStateEnum'), ('dnssecState', 'domain.DnssecStateEnum'),
                        ('transferLockStatus', 'domain.LockStatusEnum')):
        if field in entry and entry[field] not in ENUMS[enum]:
            raise bad_request('%s.%s must be one of %s' % (where, field, ', '.join(ENUMS[enum])))
    if entry.get('renewal', 'automatic') not in RENEWAL_MODES:
        raise bad_request('%s.renewal must be one of %s' % (where, ', '.join(RENEWAL_MODES)))
    if entry.get('period', 12) not in [12 * int(duration[1:-1]) for duration in renewals.renewal_offer(app, domain)['durations']]:
        raise bad_request('%s.period must be a renewal period of .%s in months' % (where, offer['tld']))
    servers = entry.get('nameServers')
    if servers is not None and (not isinstance(servers, list) or not all(isinstance(host, str) for host in servers)):
        raise bad_request('%s.nameServers must be a list of host names' % where)
    tasks = entry.get('tasks', [])
    if not isinstance(tasks, list) or not all(isinstance(task, dict) and task.get('function') in ENUMS['domain.OperationFunctionEnum']
                                              and task.get('status') in ENUMS['domain.OperationStatusEnum'] for task in tasks):
        raise bad_request('%s.tasks must be a list of {"function": <domain.OperationFunctionEnum>, "status": '
                          '<domain.OperationStatusEnum>, "comment": "..." (optional)}' % where)
    return domain


def seed(app, body):
    """``POST /_sim/portfolio``: store the domains; answers what was stored."""
    if not isinstance(body, dict) or ('domains' in body) == ('count' in body):
        raise bad_request('body: {"domains": [{"domain": "example.com", "expiresInDays": 20, ...}]} or {"count": N, ...}: '
                          'one of domains and count')
    unknown = sorted(set(body) - BODY_FIELDS)
    if unknown:
        raise bad_request('unknown field %s' % ', '.join(unknown))
    entries = body['domains'] if 'domains' in body else generated_entries(body)
    if not isinstance(entries, list) or not entries or len(entries) > MAX_DOMAINS:
        raise bad_request('domains must list 1 to %d domains' % MAX_DOMAINS)
    store = app.store
    names = [_check_entry(app, entry, 'domains[%d]' % index) for index, entry in enumerate(entries)]
    taken = sorted(name for name in set(names) if name in store.domains) or sorted({name for name in names if names.count(name) > 1})
    if taken:
        raise conflict('already owned or listed twice: %s' % ', '.join(taken[:10]))
    now = store.now()
    stored = []
    for name, entry in zip(names, entries):
        record = orders.create_owned_domain(app, name, nic_contact(), 'P1Y', entry.get('nameServers'))
        record['expiration'] = int(now + entry.get('expiresInDays', 365) * DAY)
        record['creation'] = min(int(now), add_years(record['expiration'], -1))
        record['state'] = entry.get('state', 'expired' if record['expiration'] < now else 'ok')
        record['transferLockStatus'] = entry.get('transferLockStatus', 'locked')
        record['dnssecState'] = entry.get('dnssecState', 'disabled')
        record['renew'] = dict(renewals.DEFAULT_RENEW, period=entry.get('period', 12), **RENEWAL_MODES[entry.get('renewal', 'automatic')])
        for task in entry.get('tasks', []):
            renewals.add_task(app, record, task['function'], task['status'], comment=task.get('comment'), age=3600)
        stored.append({'domain': name, 'expirationDate': format_datetime(record['expiration']), 'state': record['state'],
                       'renewal': entry.get('renewal', 'automatic'), 'openTasks': len(entry.get('tasks', []))})
    store.mark()
    return {'count': len(stored), 'domains': stored}
