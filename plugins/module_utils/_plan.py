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
The functions call nothing: reading and writing the plan's files is their only I/O. ``PlanGuard``
is a run's plan: the one a check-mode run writes, the approved one a real run applies; it reads the
account through its run.
"""

from __future__ import annotations

import datetime
import json
import os
import tempfile
from decimal import Decimal, InvalidOperation

from ansible_collections.ovhcloud.order.plugins.module_utils import _cart as cart_utils
from ansible_collections.ovhcloud.order.plugins.module_utils import _planner as planner
from ansible_collections.ovhcloud.order.plugins.module_utils._checkout import payment_kind
from ansible_collections.ovhcloud.order.plugins.module_utils._clock import format_datetime, parse_datetime, server_now
from ansible_collections.ovhcloud.order.plugins.module_utils._domain import shown_name
from ansible_collections.ovhcloud.order.plugins.module_utils._errors import OvhStop

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
            domains[shown_name(domain['name_unicode'], domain['name'])] = _domain_line(
                domain['outcome'], domain['duration'], domain['pricing_mode'], price['without_tax'], price['currency'], price['with_tax'])
    total_text = '%s with tax (%s without)' % (_amount(total['with_tax'], total['currency']), _amount(total['without_tax'], total['currency']))
    view = {'domains': domains, 'total': total_text, 'payment': describe_payment(plan['payment'])}
    if limit.get('value') is not None:
        basis = (limit.get('basis') or 'with_tax').replace('_', ' ')
        view['max_price'] = '%s (%s), headroom %s' % (limit['value'], basis, _amount(limit['headroom'], total['currency']))
    return view


def diff_view_of_records(records, quote, order) -> dict:
    """What ``--diff`` shows of a real run: the domains ordered or paid, and the order."""
    domains = {shown_name(record['domain_unicode'], record['domain']): _domain_line(record['outcome'], record['duration'], record['pricing_mode'],
                                                                                    record['price'], record['currency'], record['price_with_tax'])
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


class PlanGuard:
    """The plan of one order run (``_domain_order``): in check mode, the plan it writes (``plan_of``);
    outside check mode, the approved plan it applies (``approved_plan``), compared with the run before
    any cart (``check_plan_before_cart``) and with OVHcloud's quote before the checkout
    (``plan_quote_guard``). ``account()`` is the run's ``GET /me`` (read once), ``subsidiary()`` the
    run's subsidiary, ``records_of(decisions)`` the records a refusal reports."""

    def __init__(self, client, requests, options: dict, reader, check_mode: bool, account, subsidiary, records_of):
        self.client = client
        self.requests = requests
        self.options = options
        self.reader = reader
        self.check_mode = check_mode
        self.account = account
        self.subsidiary = subsidiary
        self.records_of = records_of
        self._plan = None

    def plan_wanted(self) -> bool:
        return bool(self.options.get('plan_path') or self.options.get('plan'))

    def approved_plan(self) -> dict | None:
        """The plan the run must apply (outside check mode), or None."""
        if self.check_mode or not self.plan_wanted():
            return None
        if self._plan is None:
            given = self.options.get('plan') or self.options.get('plan_path')
            try:
                self._plan = load_plan(given, planner.option_name(self.options, 'plan' if self.options.get('plan') else 'plan_path'))
            except ValueError as exc:
                raise OvhStop('Nothing was ordered: %s.' % exc) from None
        return self._plan

    def payment_view(self) -> dict:
        options = self.options
        return {'mode': payment_kind(options), 'payment_method_id': options.get('payment_method_id'), 'payment_mean': options.get('payment_mean'),
                'payment_mean_id': options.get('payment_mean_id')}

    def check_plan_before_cart(self, decisions):
        """With an approved plan: refuse, before anything is paid or any cart exists, a run whose
        account, endpoint, domains, durations or payment differ from the plan, or a plan too old. A run
        that spends nothing (everything done already) has nothing to compare."""
        plan = self.approved_plan()
        spending = {'to_order': 'would_order', 'to_pay': 'would_pay'}
        if plan is None or not any(decision['outcome'] in spending for decision in decisions):
            return
        problems = []
        age = age_problem(plan, self.reader.now, self.options.get('plan_max_age') or DEFAULT_MAX_AGE_HOURS)
        if age:
            problems.append('the plan is too old: %s' % age)
        current = {
            'account': {'nichandle': self.account().get('nichandle')},
            'endpoint': self.client.settings.base_url,
            'domains': {decision['request']['name']: {'outcome': spending.get(decision['outcome'], decision['outcome']),
                                                      'duration': decision['request']['duration'],
                                                      'order_id': (decision.get('order') or {}).get('order_id')} for decision in decisions},
            'payment': self.payment_view(),
            'waive_retractation_period': bool(self.options.get('waive_retractation_period')),
        }
        problems += differences_before_cart(plan, current)
        self.refuse_plan(plan, problems, decisions)

    def plan_quote_guard(self, decisions):
        """The check of OVHcloud's quote against the approved plan, for the checkout (None without a plan)."""
        plan = self.approved_plan()
        if plan is None:
            return None
        actions = {decision['request']['name']: (decision['offer']['action'], decision['offer']['pricing_mode'])
                   for decision in decisions if decision['outcome'] == 'would_order'}

        def guard(quote):
            problems = differences_in_quote(plan, actions, quote, self.options.get('price_basis') or 'with_tax',
                                            self.options.get('plan_price_tolerance') or 0)
            self.refuse_plan(plan, problems, decisions)
        return guard

    def refuse_plan(self, plan, problems, decisions):
        if problems:
            raise OvhStop('Nothing was ordered: the order differs from the approved plan (made at %s): %s. Make the plan again with --check '
                          'and %s, and have it approved.' % (plan.get('created_at'), '; '.join(problems), planner.option_name(self.options, 'plan_path')),
                          plan_differences=problems, **self.records_of(decisions))

    def plan_of(self, result, records) -> dict:
        """The plan of a check-mode run (see ``build_plan``)."""
        me = self.account()
        requests = {request['name']: request for request in self.requests}
        enriched = []
        for record in records:
            request = requests[record['domain']]
            labels = dict(request['labels'], OWNER_LEGAL_AGE='true')
            owner_view = 'the account holder'
            if request.get('owner'):
                owner = request['owner']
                who = owner.get('organisationName') or ' '.join(filter(None, (owner.get('firstName'), owner.get('lastName'))))
                address = owner.get('address') or {}
                labels['OWNER_CONTACT'] = record['owner_contact'] or '(a contact to create)'
                owner_view = '%s, %s %s%s' % (who, address.get('city'), address.get('country'), '' if record['owner_contact'] else ' (a contact to create)')
            elif labels.get('OWNER_CONTACT'):
                owner_view = labels['OWNER_CONTACT']
            values = {label: cart_utils.mask_value(label, labels.get(label)) for label in record['configurations']}
            enriched.append(dict(record, configuration_values=values, owner_view=owner_view))
        options = self.options
        context = {
            'created_at': format_datetime(server_now(self.client)),
            'account': {'nichandle': me.get('nichandle'), 'subsidiary': self.subsidiary()},
            'endpoint': self.client.settings.base_url,
            'payment': self.payment_view(),
            'waive_retractation_period': bool(options.get('waive_retractation_period')),
            'max_price': {'value': options.get('max_price'), 'basis': options.get('price_basis') or 'with_tax', 'currency': options.get('currency')},
        }
        return build_plan(enriched, result.get('quote'), context)
