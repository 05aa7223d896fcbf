# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# PRIVATE to the ovhcloud.order collection: no compatibility promise to other collections.
"""The domains the account holds: their state, expiry and renewal settings, their open registry
tasks and their renewal options, read concurrently on the client's pool; the records, the report
(CSV, Markdown) and the renewal-cost forecast made from them; and the renewal settings a policy asks
for. Nothing here imports ``AnsibleModule``.

Cost of a report of N domains: ``GET /domain`` (when no list is given), then per domain
``GET /domain/{name}`` and ``GET /domain/{name}/serviceInfos``; the open tasks of the whole account
in four calls (``GET /me/task/domain?status=`` todo, doing, error, problem) plus one per open task;
and, for renewal prices, one ``GET /order/cartServiceOption/domain/{name}`` per domain reported.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from ansible_collections.ovhcloud.order.plugins.module_utils import _account_domains as account_domains
from ansible_collections.ovhcloud.order.plugins.module_utils._cart import no_step, renewal_options
from ansible_collections.ovhcloud.order.plugins.module_utils._clock import parse_datetime
from ansible_collections.ovhcloud.order.plugins.module_utils._concurrency import map_concurrently
from ansible_collections.ovhcloud.order.plugins.module_utils._domain import canonical_domain, shown_name, unicode_domain
from ansible_collections.ovhcloud.order.plugins.module_utils._errors import OvhNotFoundError
from ansible_collections.ovhcloud.order.plugins.module_utils._format import normalize_price

OPEN_TASK_STATUSES = ('todo', 'doing', 'error', 'problem')
RENEW_FAMILY = 'renew'
RENEWAL_MODES = ('automatic', 'manual', 'delete_at_expiration')
# What PortfolioReader.read reads: kind → (the resource function that reads it for a name, what it is, for messages).
READS = {
    'domain': (account_domains.get_domain, 'the state'),
    'service': (account_domains.get_service_infos, 'the renewal settings'),
    'options': (renewal_options, 'the renewal options'),
}
REPORT_COLUMNS = (
    ('domain', 'Domain'), ('domain_unicode', 'Unicode'), ('expiration_date', 'Expires'), ('days_left', 'Days left'),
    ('renewal', 'Renewal'), ('renewal_period', 'Period'), ('state', 'State'), ('transfer_lock', 'Transfer lock'),
    ('name_server_type', 'Name servers'), ('dnssec_state', 'DNSSEC'), ('open_tasks', 'Open tasks'),
    ('renewal_price_per_year', 'Renewal per year'),
)


# -- periods and modes ------------------------------------------------------------------------------
def months_to_duration(months) -> str | None:
    """``24`` → ``P2Y`` (``P18M`` for months that are not whole years); None stays None."""
    if months is None:
        return None
    months = int(months)
    return 'P%dY' % (months // 12) if months % 12 == 0 else 'P%dM' % months


def duration_months(duration: str) -> int:
    """``P2Y`` → 24."""
    return 12 * int(duration[1:-1])


def renewal_mode(renew) -> str:
    """``automatic``, ``manual`` or ``delete_at_expiration`` from a ``service.RenewType``."""
    renew = renew or {}
    if renew.get('deleteAtExpiration'):
        return 'delete_at_expiration'
    return 'automatic' if renew.get('automatic') else 'manual'


def days_between(later, now) -> int | None:
    """Whole days from ``now`` to the API date ``later`` (negative once past); None when unknown."""
    try:
        moment = parse_datetime(later)
    except (TypeError, ValueError):
        return None
    if moment is None:
        return None
    return int((moment - now).total_seconds() // 86400)


# -- renewal options -----------------------------------------------------------------------------
def normalize_renewal_options(options) -> list:
    """The renewal prices of ``GET /order/cartServiceOption/domain/{name}``: one entry per duration of
    the options of the ``renew`` family, ``{plan_code, pricing_mode, duration, price}``."""
    found = []
    for option in options or ():
        if not isinstance(option, dict) or option.get('family') != RENEW_FAMILY:
            continue
        for pricing in option.get('prices') or ():
            if 'renew' not in (pricing.get('capacities') or ['renew']):
                continue
            found.append({'plan_code': option.get('planCode'), 'pricing_mode': pricing.get('pricingMode'),
                          'duration': pricing.get('duration'), 'price': normalize_price(pricing.get('price'))})
    return found


def price_for(renewal_options, duration: str):
    """The renewal option entry for ``duration``, or None."""
    return next((entry for entry in renewal_options if entry['duration'] == duration), None)


def price_per_year(renewal_options) -> dict | None:
    """``{value, currency}`` of one year of renewal (the P1Y price, else the shortest duration's per year)."""
    priced = [entry for entry in renewal_options if entry['price'] and entry['price'].get('value') is not None and str(entry['duration']).endswith('Y')]
    if not priced:
        return None
    shortest = min(priced, key=lambda entry: int(entry['duration'][1:-1]))
    years = int(shortest['duration'][1:-1])
    value = Decimal(str(shortest['price']['value'])) / years
    return {'value': float(round(value, 2)), 'currency': shortest['price'].get('currency')}


# -- reading -------------------------------------------------------------------------------------
class PortfolioReader:
    """Reads the account's domains for one module run, concurrently on the client's pool."""

    def __init__(self, client, step=no_step):
        self.client = client
        self.step = step

    def names(self) -> list:
        with self.step('list the domains of the account'):
            return sorted(canonical_domain(name) for name in account_domains.list_domains(self.client) or ())

    def _get_or_none(self, read, key):
        try:
            return read(self.client, key)
        except OvhNotFoundError:
            return None

    def read(self, names, kinds) -> dict:
        """kind → name → the answer (None for a 404) of ``kinds`` among ``domain`` (``GET /domain/{name}``),
        ``service`` (its ``serviceInfos``) and ``options`` (its ``cartServiceOption``), all on one pool."""
        calls = [(kind, name) for kind in kinds for name in names]
        which = ', '.join(names) if len(names) <= 5 else '%d domains' % len(names)
        with self.step('read %s of %s' % (' and '.join(READS[kind][1] for kind in kinds), which)):
            answers = map_concurrently(lambda call: self._get_or_none(READS[call[0]][0], call[1]), calls)
        found = {kind: {} for kind in kinds}
        for (kind, name), answer in zip(calls, answers):
            found[kind][name] = answer
        return found

    def states(self, names, service_only: bool = False) -> dict:
        """name → ``(domain, service)`` (``domain`` None with ``service_only``); ``(None, None)`` for a
        domain the account does not hold."""
        found = self.read(names, ('service',) if service_only else ('domain', 'service'))
        return {name: (found.get('domain', {}).get(name), found['service'][name]) for name in names}

    def open_tasks(self) -> dict:
        """name → the open tasks of the account's domains (todo, doing, error, problem), oldest first."""
        with self.step('list the open domain tasks of the account'):
            lists = map_concurrently(lambda status: account_domains.list_domain_tasks(self.client, status) or [], OPEN_TASK_STATUSES)
            ids = sorted({task_id for ids in lists for task_id in ids})
            tasks = map_concurrently(lambda task_id: self._get_or_none(account_domains.get_domain_task, task_id), ids)
        found = {}
        for task in tasks:
            if task and task.get('status') in OPEN_TASK_STATUSES:
                found.setdefault(canonical_domain(task.get('domain')), []).append(
                    {'id': task.get('id'), 'function': task.get('function'), 'status': task.get('status'),
                     'todo_date': task.get('todoDate'), 'comment': task.get('comment')})
        return found

    def renewal_options(self, names) -> dict:
        """name → its renewal prices (:func:`normalize_renewal_options`); [] when none is offered."""
        found = self.read(names, ('options',))['options']
        return {name: normalize_renewal_options(found[name]) for name in names}


def domain_record(name, domain, service, tasks, now, renewal_options=None) -> dict:
    """One domain of the report."""
    domain, service = domain or {}, service or {}
    renew = service.get('renew') or {}
    expiration = domain.get('expirationDate') or service.get('expiration')
    record = {
        'domain': name,
        'domain_unicode': unicode_domain(name),
        'state': domain.get('state'),
        'service_status': service.get('status'),
        'expiration_date': expiration,
        'days_left': days_between(expiration, now),
        'renewal': renewal_mode(renew),
        'renewal_period': months_to_duration(renew.get('period')),
        'renewal_state': domain.get('renewalState'),
        'possible_renewal_periods': [months_to_duration(months) for months in service.get('possibleRenewPeriod') or ()],
        'transfer_lock': domain.get('transferLockStatus'),
        'name_server_type': domain.get('nameServerType'),
        'dnssec_state': domain.get('dnssecState'),
        'open_tasks': tasks or [],
    }
    if renewal_options is not None:
        record['renewal_price_per_year'] = price_per_year(renewal_options)
        period = price_for(renewal_options, record['renewal_period'] or 'P1Y')
        record['renewal_price'] = period['price'] if period else None
    return record


def sort_by_expiry(records) -> list:
    far = 10 ** 9
    return sorted(records, key=lambda record: (record['days_left'] if record['days_left'] is not None else far, record['domain']))


# -- the report ----------------------------------------------------------------------------------
def _cell(record, key) -> str:
    value = record.get(key)
    if key == 'open_tasks':
        return '; '.join('%s %s' % (task['function'], task['status']) for task in value or ())
    if key == 'renewal_price_per_year':
        return '%.2f %s' % (value['value'], value['currency'] or '') if value else ''
    if key == 'expiration_date':
        return str(value or '')[:10]
    return '' if value is None else str(value)


def to_csv(records) -> str:
    priced = any('renewal_price_per_year' in record for record in records)
    columns = [column for column in REPORT_COLUMNS if priced or column[0] != 'renewal_price_per_year']
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator='\n')
    writer.writerow([key for key, _title in columns])
    for record in records:
        writer.writerow([_cell(record, key) for key, _title in columns])
    return stream.getvalue()


def to_markdown(records) -> str:
    columns = [column for column in REPORT_COLUMNS if column[0] != 'domain_unicode' and (
        column[0] != 'renewal_price_per_year' or any('renewal_price_per_year' in record for record in records))]
    lines = ['| %s |' % ' | '.join(title for _key, title in columns), '|%s|' % '|'.join(' --- ' for _column in columns)]
    for record in records:
        cells = [_cell(record, key).replace('|', '\\|') for key, _title in columns]
        cells[0] = shown_name(record['domain_unicode'], record['domain'])
        lines.append('| %s |' % ' | '.join(cells))
    return '\n'.join(lines) + '\n'


def forecast(records, days) -> dict:
    """What renewing the records' domains for their renewal period costs (without tax): ``automatic``
    (OVHcloud charges it at expiry), ``manual`` (a renewal to order), per currency; the domains to be
    deleted at expiration cost nothing, those without a price are listed in ``unpriced``."""
    totals = {'automatic': {}, 'manual': {}}
    counted, unpriced = 0, []
    for record in records:
        if record['renewal'] == 'delete_at_expiration':
            continue
        price = record.get('renewal_price')
        if not price or price.get('value') is None:
            unpriced.append(record['domain'])
            continue
        bucket = totals[record['renewal']]
        currency = price.get('currency') or ''
        bucket[currency] = bucket.get(currency, Decimal('0')) + Decimal(str(price['value']))
        counted += 1
    shown = {kind: {currency: float(value) for currency, value in amounts.items()} for kind, amounts in totals.items()}
    every = {}
    for amounts in totals.values():
        for currency, value in amounts.items():
            every[currency] = every.get(currency, Decimal('0')) + value
    return {'days': days, 'domains': counted, 'automatic': shown['automatic'], 'manual': shown['manual'],
            'total': {currency: float(value) for currency, value in every.items()}, 'unpriced': unpriced,
            'price_basis': 'without_tax'}


# -- renewal settings a policy asks for ----------------------------------------------------------------
def policy_view(service) -> dict:
    """What a renewal policy compares: ``{renewal, period, delete_at_expiration}``."""
    renew = (service or {}).get('renew') or {}
    return {'renewal': 'automatic' if renew.get('automatic') else 'manual', 'period': months_to_duration(renew.get('period')),
            'delete_at_expiration': bool(renew.get('deleteAtExpiration'))}


def wanted_view(current: dict, wanted: dict) -> dict:
    """``current`` (a :func:`policy_view`) with what ``wanted`` sets (its None values keep the current ones);
    asking for deletion at expiration makes the renewal manual."""
    result = dict(current)
    result.update({key: value for key, value in wanted.items() if value is not None})
    if wanted.get('delete_at_expiration'):
        result['renewal'] = 'manual'
    elif wanted.get('renewal') == 'automatic':
        result['delete_at_expiration'] = False
    return result


def renew_body(service, view: dict) -> dict:
    """The ``PUT /domain/{name}/serviceInfos`` body that sets ``view`` (other renew fields kept)."""
    renew = dict((service or {}).get('renew') or {})
    renew.update({'automatic': view['renewal'] == 'automatic', 'deleteAtExpiration': view['delete_at_expiration']})
    if view['period'] is not None:
        renew['period'] = duration_months(view['period'])
    return {'renew': {key: renew[key] for key in ('automatic', 'deleteAtExpiration', 'forced', 'manualPayment', 'period') if key in renew}}
