# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Eligibility rules: the checks run by ``POST /domain/configurationRule/check`` and by the checkout.

A rule of the catalogue is ``{"field": "owner.address.city", "operator": "eq"|"in"|"required",
"value"|"values": ..., "when"|"unless": {"owner.legalForm": "individual"}, "message": ...}``.
Failures are answered as OVH does, with 400 ``Client::BadRequest::DOMDOCRuleNotRespected`` and one
``details`` entry per failing field.
"""

import uuid

from .errors import ApiError
from .timeutil import format_datetime

RULE_KEYS = ('and', 'conditions', 'constraints', 'contexts', 'description', 'fields', 'label', 'or', 'placeholder', 'type')


def field_value(data, dotted):
    value = data
    for part in dotted.split('.'):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def _same(left, right):
    return str(left if left is not None else '').strip().lower() == str(right).strip().lower()


def _applies(rule, data):
    for field, expected in (rule.get('when') or {}).items():
        if not _same(field_value(data, field), expected):
            return False
    for field, expected in (rule.get('unless') or {}).items():
        if _same(field_value(data, field), expected):
            return False
    return True


def evaluate(rules, data):
    """The violated rules as an ordered ``{field: message}`` dict (empty when everything holds)."""
    violations = {}
    for rule in rules:
        field = rule['field']
        if field in violations or not _applies(rule, data):
            continue
        value = field_value(data, field)
        empty = value is None or (isinstance(value, str) and not value.strip())
        name = field.rsplit('.', 1)[-1]
        if rule['operator'] == 'required' or empty:
            if empty:
                violations[field] = rule.get('message') if rule['operator'] == 'required' else 'Field "%s" is required' % name
            continue
        if rule['operator'] == 'eq' and not _same(value, rule['value']):
            violations[field] = rule.get('message') or 'Field "%s" must be %s' % (name, rule['value'])
        elif rule['operator'] == 'in' and not any(_same(value, candidate) for candidate in rule['values']):
            violations[field] = rule.get('message') or 'Field "%s" must be one of %s' % (name, ', '.join(rule['values']))
    return violations


def eligibility_violations(offer, action, owner, accept_condition=None, auth_info=None, owned=False):
    """Every eligibility rule of an order of ``offer``, as ``{field: message}``: the one source of truth
    of ``POST /domain/configurationRule/check`` and of the checkout (dry run and real).

    ``owner``: the owner contact's data (None when there is none); ``accept_condition``: whether the
    registry's conditions are accepted (``extras.acceptCondition``, or the ``ACCEPT_CONDITIONS``
    configuration); ``auth_info``: the transfer code given, if any. Whether a transfer code is the
    right one is not an eligibility rule: only the registry knows, at the checkout."""
    violations = {}
    if owner is None:
        violations['owner'] = 'Field "owner" is required'
    else:
        violations.update(evaluate(offer['rules'], {'owner': owner}))
    required = [label for label, needed in offer['configurations'] if needed]
    if 'ACCEPT_CONDITIONS' in required and accept_condition is not True:
        violations['extras.acceptCondition'] = 'Field "acceptCondition" should be true'
    if action == 'transfer' and not owned and not auth_info:
        violations['domain.authInfo'] = 'Field "authInfo" is required'
    return violations


def domdoc_error(violations, now):
    """OVH's answer to data that breaks eligibility rules."""
    details = {'_date': format_datetime(now), '_id': str(uuid.uuid4()), '_message': 'Input data does not respect the rule'}
    details.update(violations)
    return ApiError(400, '%d constraints of rules are not respected' % len(violations),
                    'Client::BadRequest::DOMDOCRuleNotRespected', details)


def _rule(**values):
    rule = dict.fromkeys(RULE_KEYS)
    rule.update(values)
    return rule


def _constraint(operator, value=None, values=None):
    return {'conditions': None, 'contexts': None, 'operator': operator, 'value': value, 'values': values}


def _rule_for_field(field, field_rules):
    """One rule per contact field, with the constraints of every catalogue rule on that field."""
    constraints = []
    conditions = None
    descriptions = []
    for rule in field_rules:
        if rule['operator'] in ('required', 'eq', 'in') and not any(c['operator'] == 'required' for c in constraints):
            constraints.append(_constraint('required'))
        if rule['operator'] == 'eq':
            constraints.append(_constraint('eq', value=rule['value']))
        elif rule['operator'] == 'in':
            constraints.append(_constraint('contains', values=list(rule['values'])))
        condition = rule.get('when') or rule.get('unless')
        if condition:
            name, expected = list(condition.items())[0]
            operator = 'eq' if rule.get('when') else 'ne'
            conditions = _rule(label=name[len('owner.'):], type='string', constraints=[_constraint(operator, value=expected)])
        if rule.get('message'):
            descriptions.append(rule['message'])
    return _rule(label=field[len('owner.'):], type='string', constraints=constraints, conditions=conditions,
                 description='; '.join(descriptions) or None)


def rule_tree(offer, action):
    """A ``domain.configuration.rules.Rule`` describing what an order of this offer must satisfy."""
    fields = {}
    for rule in offer['rules']:
        fields.setdefault(rule['field'], []).append(rule)
    field_rules = [_rule_for_field(field, rules_of_field) for field, rules_of_field in fields.items()]
    parts = [
        _rule(label='OWNER_CONTACT', type='contact', description='The owner (registrant) of the domain name',
              fields=_rule(**{'and': field_rules})),
        _rule(label='OWNER_LEGAL_AGE', type='bool', description='The owner certifies being of legal age',
              constraints=[_constraint('shouldbetrue')]),
    ]
    labels = [entry[0] for entry in offer['configurations']]
    if 'ACCEPT_CONDITIONS' in labels:
        parts.append(_rule(label='ACCEPT_CONDITIONS', type='bool', contexts=['accept_conditions'],
                           description='The registry conditions must be accepted', constraints=[_constraint('shouldbetrue')]))
    if action == 'transfer' or 'AUTH_INFO' in labels:
        parts.append(_rule(label='AUTH_INFO', type='string', contexts=['transfer'],
                           description='The authorization code given by the current registrar', constraints=[_constraint('required')]))
    if 'CLAIMS_NOTICE' in labels:
        parts.append(_rule(label='CLAIMS_NOTICE', type='string', contexts=['claims'], constraints=[_constraint('required')]))
    if 'REASON' in labels:
        parts.append(_rule(label='REASON', type='string', contexts=['reason'], constraints=[_constraint('required')]))
    if 'PROTECTED_CODE' in labels:
        parts.append(_rule(label='PROTECTED_CODE', type='string', contexts=['protected_code'], constraints=[_constraint('required')]))
    return _rule(**{'and': parts, 'contexts': [action]})
