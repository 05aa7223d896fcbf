# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""``/domain``: owned domains, domain contacts and eligibility rules."""

from . import renewals, rules
from .catalogue import normalize_domain
from .contacts import contact_for_rules, merge_contact, render_domain_contact
from .errors import bad_request, object_not_found
from .timeutil import format_datetime


def render_domain(record):
    server_type = record['nameServerType']
    return {
        'contactAdmin': {'id': record['admin']},
        'contactBilling': {'id': record['billing']},
        'contactOwner': {'id': str(record['owner'])},
        'contactTech': {'id': record['tech']},
        'dnssecState': record.get('dnssecState', 'disabled'),
        'dnssecSupported': True,
        'domain': record['domain'],
        'expirationDate': format_datetime(record['expiration']),
        'glueRecordIpv6Supported': True,
        'glueRecordMultiIpSupported': True,
        'hostSupported': True,
        'iam': {'displayName': record['domain'], 'id': record['iamId'], 'tags': None,
                'urn': 'urn:v1:eu:resource:domain:%s' % record['domain']},
        'lastUpdate': format_datetime(record['lastUpdate']),
        'nameServerType': server_type,
        'nameServers': [{'id': server['id'], 'ipv4': None, 'ipv6': None, 'nameServer': server['nameServer'],
                         'nameServerType': server_type} for server in record['nameServers']],
        'offer': record['offer'],
        'owoSupported': True,
        'parentService': None,
        'renewalDate': format_datetime(record['expiration']),
        'renewalState': renewals.renewal_state(record),
        'serviceId': record['serviceId'],
        'state': record['state'],
        'suspensionState': 'not_suspended',
        'transferLockStatus': record['transferLockStatus'],
        'whoisOwner': str(record['owner']),
    }


def list_domains(ctx):
    owner = ctx.query.get('whoisOwner')
    return sorted(name for name, record in ctx.store.domains.items() if owner is None or str(record['owner']) == owner)


def read_domain(ctx):
    record = ctx.store.domains.get(ctx.params['serviceName'].lower())
    if record is None:
        raise object_not_found('serviceName', ctx.params['serviceName'])
    return render_domain(record)


# -- eligibility rules -----------------------------------------------------------------------------
def _rule_offer(ctx):
    action = ctx.typed_query('action', 'domain.ActionEnum')
    name = ctx.query.get('domain')
    if action is None or not name:
        missing = 'action' if action is None else 'domain'
        raise bad_request("The input provided isn't valid: '%s' is a required parameter" % missing)
    domain = normalize_domain(name)
    offer = ctx.catalogue.offer(domain)
    if offer is None:
        raise bad_request('The extension of %s is not supported' % domain)
    return action, domain, offer


def configuration_rule(ctx):
    action, dummy, offer = _rule_offer(ctx)
    return rules.rule_tree(offer, action)


def check_configuration_rule(ctx):
    action, domain, offer = _rule_offer(ctx)
    data = ctx.body
    owned = ctx.store.domains.get(domain)
    owner = data.get('owner')
    if owner is None and owned is not None and action in ('transfer', 'trade', 'update'):
        owner = contact_for_rules(ctx.store.contacts.get(str(owned['owner'])) or {})
    extras = data.get('extras') or {}
    auth_info = (data.get('domain') or {}).get('authInfo') or extras.get('authInfo')
    violations = rules.eligibility_violations(offer, action, owner, extras.get('acceptCondition'), auth_info, owned is not None)
    if violations:
        raise rules.domdoc_error(violations, ctx.store.now())


# -- domain contacts -------------------------------------------------------------------------------
def get_contact(ctx):
    record = ctx.store.contacts.get(str(ctx.params['contactId']))
    if record is None:
        raise object_not_found('contactId', ctx.params['contactId'])
    return record


def list_contacts(ctx):
    return [render_domain_contact(record) for record in sorted(ctx.store.contacts.values(), key=lambda record: record['id'])]


def create_contact(ctx):
    contact_id = ctx.store.next_id('contact')
    record = merge_contact({'id': contact_id}, {key: value for key, value in ctx.body.items() if value is not None})
    ctx.store.contacts[str(contact_id)] = record
    ctx.store.mark()
    return render_domain_contact(record)


def read_contact(ctx):
    return render_domain_contact(get_contact(ctx))


def update_contact(ctx):
    record = get_contact(ctx)
    merge_contact(record, ctx.body)
    ctx.store.mark()
    return render_domain_contact(record)


def register(router):
    add = router.add
    add('GET', '/domain', list_domains, query={'whoisOwner': 'string'})
    add('GET', '/domain/configurationRule', configuration_rule, auth=False, query={'action': 'domain.ActionEnum', 'domain': 'string'})
    add('POST', '/domain/configurationRule/check', check_configuration_rule, body='domain.configuration.rules.RuleData',
        body_optional=True, query={'action': 'domain.ActionEnum', 'domain': 'string'})
    add('GET', '/domain/contact', list_contacts)
    add('POST', '/domain/contact', create_contact, body='domain.Contact')
    add('GET', '/domain/contact/{contactId}', read_contact)
    add('PUT', '/domain/contact/{contactId}', update_contact, body='domain.Contact')
    add('GET', '/domain/{serviceName}', read_domain)
