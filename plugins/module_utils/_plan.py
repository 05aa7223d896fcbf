# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# PRIVATE to the ovhcloud.order collection: no compatibility promise to other collections.
"""The plan of a domain order: what a check-mode run found (per domain its action, duration and
price, OVHcloud's quote, the payment, the price limit, the account), written as JSON for programs
and as Markdown for people (a merge-request comment, a CI job summary), and compared with a real
run before its checkout so that the run applies exactly what was approved.

The JSON is described by ``docs/docsite/domain_order_plan.schema.json`` (format
``ovhcloud.order/domain-order-plan``, version 1): fields are only ever added within a version.
Nothing here calls the API; reading and writing the plan's files is the only I/O.
"""

from __future__ import annotations

import datetime
import json
import os
import tempfile
from decimal import Decimal, InvalidOperation

from ansible_collections.ovhcloud.order.plugins.module_utils._clock import format_datetime, parse_datetime

PLAN_FORMAT = 'ovhcloud.order/domain-order-plan'
PLAN_VERSION = 1
# Outcomes that mean "this run would spend money on the domain".
SPENDING = ('would_order', 'would_pay')
DEFAULT_MAX_AGE_HOURS = 72


def _money(value):
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        return None
    return amount if amount.is_finite() else None


def _price(value, currency):
    return None if value is None else {'value': value, 'currency': currency}


def build_plan(records, quote, context) -> dict:
    """The plan of a check-mode run. ``records``: the domains' records (``_planner.outcome_record``),
    with ``configurations`` as label → value (secrets masked) and ``owner`` added; ``quote``:
    OVHcloud's dry-run quote (``_order.normalize_quote``) or None; ``context``: ``created_at``,
    ``account`` (nichandle, subsidiary), ``endpoint``, ``payment``, ``max_price`` (value, basis,
    currency), ``waive_retractation_period``."""
    domains = []
    for record in records:
        domains.append({
            'name': record['domain'],
            'name_unicode': record['domain_unicode'],
            'outcome': record['outcome'],
            'action': record.get('action'),
            'duration': record.get('duration'),
            'pricing_mode': record.get('pricing_mode'),
            'price': {'without_tax': record.get('price'), 'with_tax': record.get('price_with_tax'), 'currency': record.get('currency')},
            'order_id': record.get('order_id'),
            'configurations': record.get('configuration_values') or {label: None for label in record.get('configurations') or ()},
            'owner': record.get('owner_view'),
            'reason': record.get('reason'),
        })
    quote = quote or {}
    total = {key: (quote.get(key) or {}).get('value') for key in ('without_tax', 'tax', 'with_tax')}
    total['currency'] = quote.get('currency')
    limit = dict(context['max_price'])
    amount = _money(total.get(limit.get('basis') or 'with_tax'))
    limit['headroom'] = float((_money(limit['value']) - amount).quantize(Decimal('0.01'))) if limit.get('value') is not None and amount is not None else None
    return {
        'format': PLAN_FORMAT,
        'version': PLAN_VERSION,
        'created_at': context['created_at'],
        'account': context['account'],
        'endpoint': context['endpoint'],
        'domains': domains,
        'total': total,
        'contracts': list(quote.get('contracts') or []),
        'payment': context['payment'],
        'waive_retractation_period': context['waive_retractation_period'],
        'max_price': limit,
    }


def _amount(value, currency) -> str:
    return '-' if value is None else '%.2f %s' % (value, currency or '')


def render_markdown(plan: dict) -> str:
    """The plan for people: a table of the domains, the total, the payment and the limit."""
    lines = ['### Domain order plan', '',
             'Account `%s` (%s) on `%s`, quoted by OVHcloud at %s.' % (
                 plan['account'].get('nichandle'), plan['account'].get('subsidiary'), plan['endpoint'], plan['created_at']), '',
             '| domain | outcome | action | duration | pricing | price without tax | price with tax |',
             '| --- | --- | --- | --- | --- | ---: | ---: |']
    for domain in plan['domains']:
        name = domain['name_unicode'] if domain['name_unicode'] == domain['name'] else '%s (`%s`)' % (domain['name_unicode'], domain['name'])
        price = domain['price']
        lines.append('| %s | %s | %s | %s | %s | %s | %s |' % (
            name, domain['outcome'], domain['action'] or '-', domain['duration'] or '-', domain['pricing_mode'] or '-',
            _amount(price['without_tax'], price['currency']), _amount(price['with_tax'], price['currency'])))
    total, limit, payment = plan['total'], plan['max_price'], plan['payment']
    lines += ['', '**Total** (OVHcloud\'s quote, each domain for its whole duration): %s without tax, %s tax, **%s with tax**.' % (
        _amount(total['without_tax'], total['currency']), _amount(total['tax'], total['currency']), _amount(total['with_tax'], total['currency']))]
    if limit.get('value') is not None:
        lines.append('**Limit**: max_price %s %s (%s), headroom %s.' % (
            limit['value'], limit.get('currency') or total['currency'] or '', (limit.get('basis') or 'with_tax').replace('_', ' '),
            _amount(limit['headroom'], total['currency'])))
    else:
        lines.append('**Limit**: none (allow_any_price).')
    retraction = 'waived' if plan['waive_retractation_period'] else 'kept (14 days)'
    lines.append('**Payment**: %s; retraction period %s.' % (describe_payment(payment), retraction))
    for domain in plan['domains']:
        details = ', '.join('%s=%s' % (label, value if value is not None else 'set') for label, value in sorted(domain['configurations'].items()))
        owner = domain.get('owner')
        if details or owner:
            lines.append('- %s: %s%s' % (domain['name_unicode'], details or 'no configuration',
                                         '; owner %s' % owner if owner else ''))
        if domain.get('reason') and domain['outcome'] not in SPENDING:
            lines.append('- %s: %s' % (domain['name_unicode'], domain['reason']))
    if plan['contracts']:
        lines.append('')
        lines.append('Contracts: %s.' % ', '.join('[%s](%s)' % (contract['name'], contract['url']) for contract in plan['contracts']))
    return '\n'.join(lines) + '\n'


def describe_payment(payment: dict) -> str:
    mode = payment.get('mode')
    if mode == 'auto_pay':
        return 'paid at once with the default payment method'
    if mode == 'payment_method':
        return 'paid at once with payment method %s' % payment.get('payment_method_id')
    if mode == 'payment_mean':
        return 'paid at once with payment mean %s%s' % (payment.get('payment_mean'),
                                                        ' %s' % payment['payment_mean_id'] if payment.get('payment_mean_id') else '')
    return 'left unpaid (pay it at the order URL)'


# -- the diff -------------------------------------------------------------------------------------
def _domain_line(outcome, duration, pricing_mode, price, currency, with_tax) -> str:
    text = '%s %s %s' % (outcome, duration or '', pricing_mode or '')
    if price is not None:
        text += ', %s without tax' % _amount(price, currency)
        if with_tax is not None:
            text += ', %s with tax' % _amount(with_tax, currency)
    return ' '.join(text.split())


def diff_view(plan: dict) -> dict:
    """What ``--diff`` shows of a check-mode run: the domains that would cost money, with their
    duration and price, OVHcloud's total, the payment and the headroom under max_price."""
    total, limit = plan['total'], plan['max_price']
    domains = {}
    for domain in plan['domains']:
        if domain['outcome'] in SPENDING:
            price = domain['price']
            domains[domain['name_unicode']] = _domain_line(domain['outcome'], domain['duration'], domain['pricing_mode'], price['without_tax'],
                                                           price['currency'], price['with_tax'])
    total_text = '%s with tax (%s without)' % (_amount(total['with_tax'], total['currency']), _amount(total['without_tax'], total['currency']))
    view = {'domains': domains, 'total': total_text, 'payment': describe_payment(plan['payment'])}
    if limit.get('value') is not None:
        basis = (limit.get('basis') or 'with_tax').replace('_', ' ')
        view['max_price'] = '%s (%s), headroom %s' % (limit['value'], basis, _amount(limit['headroom'], total['currency']))
    return view


def diff_view_of_records(records, quote, order) -> dict:
    """What ``--diff`` shows of a real run: the domains ordered or paid, and the order."""
    domains = {record['domain_unicode']: _domain_line(record['outcome'], record['duration'], record['pricing_mode'], record['price'],
                                                      record['currency'], record['price_with_tax'])
               for record in records if record['outcome'] in ('ordered', 'paid') and record['order_id'] is not None}
    view = {'domains': domains}
    if order:
        with_tax = ((order.get('prices') or {}).get('with_tax') or {})
        view['order'] = '%s: %s with tax, %s' % (order.get('order_id'), with_tax.get('text'), 'paid' if order.get('paid') else order.get('payment'))
    elif quote:
        view['total'] = '%s with tax' % _amount((quote.get('with_tax') or {}).get('value'), quote.get('currency'))
    return view


# -- files ----------------------------------------------------------------------------------------
def markdown_path(path: str) -> str:
    """Where the Markdown of a plan goes: beside it, ``.md`` instead of ``.json``."""
    root, extension = os.path.splitext(path)
    return (root if extension.lower() == '.json' else path) + '.md'


def write_plan(path: str, plan: dict, markdown: str) -> None:
    """Write the plan and its Markdown, each atomically (a reader never sees half a file)."""
    for target, text in ((path, json.dumps(plan, indent=2, sort_keys=True, ensure_ascii=False) + '\n'), (markdown_path(path), markdown)):
        directory = os.path.dirname(os.path.abspath(target))
        handle, temporary = tempfile.mkstemp(dir=directory, prefix='.plan-')
        try:
            with os.fdopen(handle, 'w', encoding='utf-8') as stream:
                stream.write(text)
            os.replace(temporary, target)
        except BaseException:
            if os.path.exists(temporary):
                os.unlink(temporary)
            raise


def load_plan(value, option: str = 'plan') -> dict:
    """A plan given as data, or read from a path; ``ValueError`` names the option and what is wrong."""
    if isinstance(value, str):
        try:
            with open(value, encoding='utf-8') as stream:
                value = json.load(stream)
        except (OSError, ValueError) as exc:
            raise ValueError('%s: cannot read a plan from %s (%s); make one with --check and %s' % (option, value, exc, option)) from None
    if not isinstance(value, dict) or value.get('format') != PLAN_FORMAT:
        raise ValueError('%s is not a domain order plan (its "format" must be %s)' % (option, PLAN_FORMAT))
    if value.get('version') != PLAN_VERSION:
        raise ValueError('%s is a plan of version %r; this collection applies version %d plans: make it again with --check'
                         % (option, value.get('version'), PLAN_VERSION))
    for key in ('created_at', 'account', 'endpoint', 'domains', 'total', 'payment', 'max_price'):
        if key not in value:
            raise ValueError('%s lacks "%s": make it again with --check' % (option, key))
    return value


# -- applying a plan ------------------------------------------------------------------------------
def age_problem(plan: dict, now: datetime.datetime, max_age_hours: float) -> str | None:
    try:
        created = parse_datetime(plan['created_at'])
    except (TypeError, ValueError):
        return 'its created_at %r is not a date' % plan.get('created_at')
    age = now - created
    if age > datetime.timedelta(hours=max_age_hours):
        return 'it was made at %s, %.1f hours ago, more than plan_max_age (%s hours)' % (
            format_datetime(created), age.total_seconds() / 3600, max_age_hours)
    return None


def differences_before_cart(plan: dict, current: dict) -> list:
    """What differs between an approved plan and the run about to order, known before any cart:
    the account, the endpoint, the domains and what happens to each, their durations, the payment.
    ``current``: ``account``, ``endpoint``, ``domains`` (name → outcome, duration, order_id),
    ``payment``, ``waive_retractation_period``."""
    found = []
    if plan['account'].get('nichandle') != current['account'].get('nichandle'):
        found.append('account: planned %s, now %s' % (plan['account'].get('nichandle'), current['account'].get('nichandle')))
    if plan['endpoint'] != current['endpoint']:
        found.append('endpoint: planned %s, now %s' % (plan['endpoint'], current['endpoint']))
    planned = {domain['name']: domain for domain in plan['domains']}
    now = current['domains']
    for name in sorted(set(planned) | set(now)):
        if name not in planned:
            found.append('%s: not in the plan, now %s' % (name, now[name]['outcome']))
            continue
        if name not in now:
            found.append('%s: planned %s, not asked now' % (name, planned[name]['outcome']))
            continue
        before, after = planned[name], now[name]
        if (before['outcome'] in SPENDING or after['outcome'] in SPENDING) and before['outcome'] != after['outcome']:
            found.append('%s: planned %s, now %s' % (name, before['outcome'], after['outcome']))
        elif before['outcome'] == 'would_pay' and before.get('order_id') != after.get('order_id'):
            found.append('%s: planned to pay order %s, now order %s' % (name, before.get('order_id'), after.get('order_id')))
        if before['outcome'] in SPENDING and before.get('duration') != after.get('duration'):
            found.append('%s: planned %s, now %s' % (name, before.get('duration'), after.get('duration')))
    for key in ('mode', 'payment_method_id', 'payment_mean', 'payment_mean_id'):
        if plan['payment'].get(key) != current['payment'].get(key):
            found.append('payment %s: planned %s, now %s' % (key, plan['payment'].get(key), current['payment'].get(key)))
    if bool(plan.get('waive_retractation_period')) != bool(current['waive_retractation_period']):
        found.append('waive_retractation_period: planned %s, now %s' % (plan.get('waive_retractation_period'), current['waive_retractation_period']))
    return found


def differences_in_quote(plan: dict, actions: dict, quote: dict, basis: str, tolerance: float) -> list:
    """What differs once OVHcloud has quoted the cart: each domain's action and pricing mode, and
    the total on ``basis`` beyond ``tolerance`` (in the quote's currency), or its currency."""
    found = []
    planned = {domain['name']: domain for domain in plan['domains']}
    for name, (action, pricing_mode) in sorted(actions.items()):
        before = planned.get(name) or {}
        if before.get('action') != action or before.get('pricing_mode') != pricing_mode:
            found.append('%s: planned %s (%s), now %s (%s)' % (name, before.get('action'), before.get('pricing_mode'), action, pricing_mode))
    total = plan['total']
    planned_amount, current_amount = _money(total.get(basis)), _money((quote.get(basis) or {}).get('value'))
    if total.get('currency') != quote.get('currency'):
        found.append('currency: planned %s, now %s' % (total.get('currency'), quote.get('currency')))
    elif planned_amount is None or current_amount is None or abs(current_amount - planned_amount) > _money(tolerance):
        found.append('total %s: planned %s, now %s (plan_price_tolerance %s)' % (
            basis.replace('_', ' '), _amount(None if planned_amount is None else float(planned_amount), total.get('currency')),
            _amount(None if current_amount is None else float(current_amount), quote.get('currency')), tolerance))
    return found
