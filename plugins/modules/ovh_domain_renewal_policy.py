#!/usr/bin/python
# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
module: ovh_domain_renewal_policy
short_description: Set how OVHcloud renews domains - automatically or not, for which period, or not at all
version_added: 0.2.0
description:
  - Makes the renewal settings of the listed domains (C(renew) in C(/domain/{name}/serviceInfos))
    what the task says - automatic or manual renewal, the period of the automatic renewal, deletion at
    expiration - and leaves every setting the task does not name as it is.
  - Reads every domain's settings first (concurrently), checks every input against them, then sends
    one C(PUT /domain/{name}/serviceInfos) per domain whose settings differ, and none for the others;
    a rerun sends none.
  - Nothing is bought here; to renew a domain now, use M(ovhcloud.order.ovh_domain_renew).
author:
  - ovhcloud.order contributors (@ovhcloud-order)
extends_documentation_fragment:
  - ovhcloud.order.ovh
  - ovhcloud.order.ovh.timeout
  - ovhcloud.order.ovh.attributes
attributes:
  check_mode:
    description: Can run in check mode and then reports what it would change, without changing it.
    support: full
    details:
      - Reads the real settings and reports what would change; sends no C(PUT).
  diff_mode:
    description: Reports the differences between the state before and after the task (with C(--diff)).
    support: full
    details:
      - Before and after of each domain that changes (C(renewal), C(period), C(delete_at_expiration)).
options:
  domains:
    description:
      - The domains and their wanted settings. A setting an entry does not give is taken from the
        option of the same name below; one given nowhere is left as it is.
    type: list
    elements: dict
    required: true
    suboptions:
      name:
        description:
          - The domain name, such as V(example.com) (case, a trailing dot and internationalised names are accepted).
        type: str
        required: true
      renewal:
        description: See O(renewal).
        type: str
        choices: [automatic, manual]
      period:
        description: See O(period).
        type: str
        choices: [P1Y, P2Y, P3Y, P4Y, P5Y, P6Y, P7Y, P8Y, P9Y, P10Y]
      delete_at_expiration:
        description: See O(delete_at_expiration).
        type: bool
  renewal:
    description:
      - V(automatic) - OVHcloud renews the domain at its expiry date and charges the account's payment method.
      - V(manual) - OVHcloud sends reminders; the domain expires unless it is renewed
        (M(ovhcloud.order.ovh_domain_renew)).
    type: str
    choices: [automatic, manual]
  period:
    description:
      - The period each automatic renewal adds. It must be one of the periods OVHcloud offers for the
        domain (C(possibleRenewPeriod)); another one fails before any change.
    type: str
    choices: [P1Y, P2Y, P3Y, P4Y, P5Y, P6Y, P7Y, P8Y, P9Y, P10Y]
  delete_at_expiration:
    description:
      - V(true) lets the domain go at its expiry date (it is not renewed; the renewal becomes manual, and a domain entry that sets it does not take O(renewal)).
        V(false) keeps it. V(true) together with O(renewal=automatic) is refused.
    type: bool
seealso:
  - module: ovhcloud.order.ovh_domain_info
  - module: ovhcloud.order.ovh_domain_renew
'''

EXAMPLES = r'''
- name: Renew the production domains automatically, every two years
  ovhcloud.order.ovh_domain_renewal_policy:
    renewal: automatic
    period: P2Y
    domains:
      - name: example.com
      - name: example.fr
      - name: example.net
        period: P1Y

- name: Let an old campaign domain go at its expiry date
  ovhcloud.order.ovh_domain_renewal_policy:
    domains:
      - name: summer-sale-2024.com
        delete_at_expiration: true
'''

RETURN = r'''
domains:
  description: One entry per domain, in the order of O(domains).
  returned: always
  type: list
  elements: dict
  contains:
    domain: {description: The domain name in its ASCII form., type: str, sample: example.com}
    domain_unicode: {description: The domain name in its Unicode form., type: str, sample: example.com}
    changed: {description: "Whether its settings changed (or, in check mode, would change).", type: bool, sample: true}
    before:
      description: Its settings before the task.
      type: dict
      sample: {renewal: manual, period: P1Y, delete_at_expiration: false}
    after:
      description: Its settings after the task (in check mode, what they would be).
      type: dict
      sample: {renewal: automatic, period: P2Y, delete_at_expiration: false}
api_calls:
  description: The number of HTTP requests sent to the OVHcloud API.
  returned: always
  type: int
  sample: 4
'''

from ansible_collections.ovhcloud.order.plugins.module_utils import _account_domains as account_domains
from ansible_collections.ovhcloud.order.plugins.module_utils import _portfolio as portfolio
from ansible_collections.ovhcloud.order.plugins.module_utils._concurrency import map_concurrently
from ansible_collections.ovhcloud.order.plugins.module_utils._domain import DOMAIN_DURATIONS, normalize_domain, unicode_domain
from ansible_collections.ovhcloud.order.plugins.module_utils._errors import OvhError
from ansible_collections.ovhcloud.order.plugins.module_utils._module import OvhModule

SETTINGS = ('renewal', 'period', 'delete_at_expiration')
SETTING_SPEC = {
    'renewal': {'type': 'str', 'choices': ['automatic', 'manual']},
    'period': {'type': 'str', 'choices': list(DOMAIN_DURATIONS)},
    'delete_at_expiration': {'type': 'bool'},
}


class OvhDomainRenewalPolicy(OvhModule):
    argument_spec = dict(SETTING_SPEC, domains={'type': 'list', 'elements': 'dict', 'required': True,
                                                'options': dict(SETTING_SPEC, name={'type': 'str', 'required': True})})

    wanted: dict = {}

    def validate(self):
        if not self.params['domains']:
            self.fail('domains must list at least one domain, such as [{name: example.com, renewal: automatic}]')
        self.wanted = {}
        for index, entry in enumerate(self.params['domains']):
            where = 'domains[%d]' % index
            try:
                name = normalize_domain(entry['name'], where + '.name')
            except ValueError as exc:
                self.fail(str(exc))
            if name in self.wanted:
                self.fail('%s: %s is listed twice; list each domain once' % (where, entry['name']))
            settings = {key: entry[key] if entry.get(key) is not None else self.params[key] for key in SETTINGS}
            if entry.get('delete_at_expiration') and entry.get('renewal') is None:
                settings['renewal'] = None  # a domain to delete does not take the renewal mode given for all
            if all(value is None for value in settings.values()):
                self.fail('%s sets nothing: give renewal, period or delete_at_expiration, for this domain or for all' % where)
            if settings['renewal'] == 'automatic' and settings['delete_at_expiration']:
                self.fail('%s: renewal=automatic and delete_at_expiration=true exclude each other (a domain deleted at its expiry '
                          'date is not renewed); set only one of them' % where)
            self.wanted[name] = (where, settings)

    def run(self):
        names = list(self.wanted)
        states = portfolio.PortfolioReader(self.client, self.step).states(names, service_only=True)
        missing = [name for name in names if states[name][1] is None]
        if missing:
            self.fail('%s: the account does not hold %s (GET /domain/{name}/serviceInfos answers 404); nothing was changed'
                      % (', '.join(self.wanted[name][0] + '.name' for name in missing), ', '.join(missing)))
        records, changes = [], {}
        for name in names:
            where, settings = self.wanted[name]
            service = states[name][1]
            self.check_against(where, name, settings, service)
            before = portfolio.policy_view(service)
            after = portfolio.wanted_view(before, settings)
            self.tracker.add(name, before, after)
            records.append({'domain': name, 'domain_unicode': unicode_domain(name), 'changed': before != after, 'before': before, 'after': after})
            if before != after:
                changes[name] = portfolio.renew_body(service, after)
        if changes and not self.check_mode:
            self.apply(changes)
        return {'domains': records}

    def check_against(self, where, name, settings, service):
        """Inputs the domain's own settings decide: the period offered, deletion allowed."""
        periods = [portfolio.months_to_duration(months) for months in service.get('possibleRenewPeriod') or ()]
        if settings['period'] is not None and settings['period'] not in periods:
            self.fail('%s.period: OVHcloud does not renew %s for %s; its periods are %s. Nothing was changed'
                      % (where, name, settings['period'], ', '.join(periods) or 'none'))
        if settings['delete_at_expiration'] and not service.get('canDeleteAtExpiration', True):
            self.fail('%s.delete_at_expiration: OVHcloud does not let %s be deleted at expiration. Nothing was changed' % (where, name))

    def apply(self, changes):
        """One PUT per domain that changes; on failures, say which domains changed and which did not."""
        def put(name):
            try:
                account_domains.update_service_infos(self.client, name, changes[name])
            except OvhError as exc:
                return exc
            return None

        names = sorted(changes)
        failures = {name: exc for name, exc in zip(names, map_concurrently(put, names)) if exc is not None}
        if failures:
            done = [name for name in names if name not in failures]
            first = failures[min(failures)]
            self.fail('Failed to change the renewal settings of %s: %s. %s' % (
                ', '.join(sorted(failures)), first, 'These changed: %s; run the task again for the others.' % ', '.join(done) if done
                else 'Nothing was changed.'), failure=first.to_dict(), changed=bool(done))


def main():
    OvhDomainRenewalPolicy.execute()


if __name__ == '__main__':
    main()
