#!/usr/bin/python
# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
module: ovh_domain_info
short_description: Report the domains of an OVHcloud account, sorted by expiry, with their renewal settings
version_added: 0.2.0
description:
  - For every domain the account holds, or for the domains listed in O(domains), returns its name
    (ASCII and Unicode), state, expiry date and days left, renewal mode and period, transfer lock,
    name-server type, DNSSEC state and open registry tasks, sorted by expiry date.
  - With O(renewal_prices=true), adds each domain's renewal price per year and for its renewal
    period, and a renewal-cost forecast of the domains reported.
  - Only reads; changes nothing, so it runs the same in check mode. The reads go four at a time, and
    a C(429 Too Many Requests) answer holds every one of them for its C(Retry-After). For an account
    whose API key is shared with other tools, O(requests_per_minute) spaces the requests out.
  - "Cost: C(GET /domain) when O(domains) is not given, two calls per domain, four calls for the
    account's open tasks plus one per open task, and one call per domain reported for the prices."
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
      - The module only reads; it behaves the same in check mode.
  diff_mode:
    description: Reports the differences between the state before and after the task (with C(--diff)).
    support: N/A
    details:
      - The module changes nothing.
options:
  domains:
    description:
      - The domains to report, such as V(example.com) (upper case, a trailing dot and
        internationalised names are accepted). By default every domain of the account (C(GET /domain)).
      - A listed domain the account does not hold is left out of RV(domains) and named in RV(not_in_account).
    type: list
    elements: str
  expiring_within:
    description:
      - Keep only the domains whose expiry date is at most this many days away (the ones already
        past their expiry date included). A whole number, 0 or more.
    type: int
  renewal_prices:
    description:
      - Read the renewal price of each domain reported (one call per domain) and return RV(forecast).
    type: bool
    default: false
  output_formats:
    description:
      - Also return the report as text in these formats, in RV(csv) and RV(markdown), one row per
        domain in the order of RV(domains). Write them to files with M(ansible.builtin.copy), as
        C(playbooks/portfolio_report.yml) does.
    type: list
    elements: str
    choices: [csv, markdown]
    default: []
  requests_per_minute:
    description:
      - At most this many requests in any minute (every request counts, retries included). By
        default there is no limit besides the four calls at a time.
    type: int
seealso:
  - module: ovhcloud.order.ovh_domain_renew
  - module: ovhcloud.order.ovh_domain_renewal_policy
'''

EXAMPLES = r'''
- name: The domains that expire within 60 days, with what renewing them costs
  ovhcloud.order.ovh_domain_info:
    expiring_within: 60
    renewal_prices: true
    output_formats: [csv, markdown]
  register: portfolio

- name: Save the report
  ansible.builtin.copy:
    content: "{{ portfolio.markdown }}"
    dest: reports/expiring.md
    mode: "0644"

- name: Two domains only, at most 120 requests a minute
  ovhcloud.order.ovh_domain_info:
    domains: [example.com, bücher.example]
    requests_per_minute: 120
'''

RETURN = r'''
domains:
  description: One entry per domain reported, the soonest expiry first.
  returned: always
  type: list
  elements: dict
  contains:
    domain: {description: The domain name in its ASCII form., type: str, sample: xn--bcher-kva.de}
    domain_unicode: {description: The domain name in its Unicode form., type: str, sample: bücher.de}
    state: {description: "The domain's state (C(domain.DomainStateEnum)): V(ok), V(expired), V(outgoing_transfer), ...", type: str, sample: ok}
    service_status: {description: "The service's status (C(service.StateEnum)): V(ok), V(expired), ...", type: str, sample: ok}
    expiration_date: {description: The expiry date., type: str, sample: "2026-12-01T10:00:00+00:00"}
    days_left: {description: Whole days until the expiry date; negative once it is past., type: int, sample: 42}
    renewal: {description: "V(automatic), V(manual) or V(delete_at_expiration).", type: str, sample: automatic}
    renewal_period: {description: The renewal period of the automatic renewal., type: str, sample: P1Y}
    renewal_state: {description: "The domain's renewal state as OVHcloud words it (C(domain.RenewalStateEnum)).", type: str, sample: automatic_renew}
    possible_renewal_periods: {description: The renewal periods OVHcloud offers for the domain., type: list, elements: str, sample: [P1Y, P2Y]}
    transfer_lock: {description: "The transfer lock: V(locked), V(unlocked), ...", type: str, sample: locked}
    name_server_type: {description: "V(hosted) (OVHcloud's name servers), V(external), ...", type: str, sample: hosted}
    dnssec_state: {description: "V(enabled), V(disabled) or V(not_supported).", type: str, sample: disabled}
    open_tasks:
      description: The registry tasks of the domain that are not done or cancelled (C(todo), C(doing), C(error), C(problem)).
      type: list
      elements: dict
      sample: [{id: 80000001, function: DomainDnsUpdate, status: todo, todo_date: "2026-11-30T10:00:00+00:00", comment: null}]
    renewal_price_per_year:
      description: One year of renewal, without tax (with O(renewal_prices=true); V(null) when no renewal is offered).
      type: dict
      returned: when O(renewal_prices=true)
      sample: {value: 13.99, currency: EUR}
    renewal_price:
      description: The renewal for RV(domains[].renewal_period), without tax (with O(renewal_prices=true)).
      type: dict
      returned: when O(renewal_prices=true)
      sample: {value: 13.99, currency: EUR, text: "13.99 €"}
not_in_account:
  description: The names of O(domains) the account does not hold.
  returned: always
  type: list
  elements: str
  sample: []
count:
  description: The number of domains reported.
  returned: always
  type: int
  sample: 12
forecast:
  description:
    - What renewing the reported domains once costs, without tax, per currency - V(automatic) is charged
      by OVHcloud at expiry, V(manual) needs a renewal order; domains deleted at expiration are left out.
  returned: when O(renewal_prices=true)
  type: dict
  sample: {days: 60, domains: 3, automatic: {EUR: 27.98}, manual: {EUR: 9.99}, total: {EUR: 37.97}, unpriced: [], price_basis: without_tax}
csv:
  description: The report as CSV, a header line then one line per domain.
  returned: when O(output_formats) holds V(csv)
  type: str
markdown:
  description: The report as a Markdown table.
  returned: when O(output_formats) holds V(markdown)
  type: str
pacing:
  description: With O(requests_per_minute), the limit, the seconds spent waiting for it and the most requests sent within any minute.
  returned: when O(requests_per_minute) is set
  type: dict
  sample: {requests_per_minute: 120, waited_seconds: 3.5, busiest_minute: 120}
api_calls:
  description: The number of HTTP requests sent to the OVHcloud API.
  returned: always
  type: int
  sample: 31
'''

from ansible_collections.ovhcloud.order.plugins.module_utils import _portfolio as portfolio
from ansible_collections.ovhcloud.order.plugins.module_utils._clock import server_now
from ansible_collections.ovhcloud.order.plugins.module_utils._domain import normalize_domain
from ansible_collections.ovhcloud.order.plugins.module_utils._module import OvhModule
from ansible_collections.ovhcloud.order.plugins.module_utils._pacing import RequestPacer


class OvhDomainInfo(OvhModule):
    argument_spec = {
        'domains': {'type': 'list', 'elements': 'str'},
        'expiring_within': {'type': 'int'},
        'renewal_prices': {'type': 'bool', 'default': False},
        'output_formats': {'type': 'list', 'elements': 'str', 'choices': ['csv', 'markdown'], 'default': []},
        'requests_per_minute': {'type': 'int'},
    }

    domains = None
    pacer = None

    def validate(self):
        names = self.params['domains']
        try:
            if names is not None:
                self.domains = list(dict.fromkeys(normalize_domain(name, 'domains[%d]' % index) for index, name in enumerate(names)))
        except ValueError as exc:
            self.fail(str(exc))
        if self.params['expiring_within'] is not None and self.params['expiring_within'] < 0:
            self.fail('expiring_within must be a number of days, 0 or more, got %s' % self.params['expiring_within'])
        if self.params['requests_per_minute'] is not None and self.params['requests_per_minute'] < 1:
            self.fail('requests_per_minute must be 1 or more, got %s' % self.params['requests_per_minute'])

    def run(self):
        if self.params['requests_per_minute']:
            self.pacer = self.client.pace = RequestPacer(self.params['requests_per_minute'])
        reader = portfolio.PortfolioReader(self.client, self.step)
        names = self.domains if self.domains is not None else reader.names()
        states = reader.states(names)
        now = server_now(self.client)
        held = [name for name in names if states[name] != (None, None)]
        within = self.params['expiring_within']
        if within is not None:
            held = [name for name in held if self.due(states[name], now, within)]
        tasks = reader.open_tasks() if held else {}
        prices = reader.renewal_options(held) if self.params['renewal_prices'] and held else {}
        records = portfolio.sort_by_expiry([
            portfolio.domain_record(name, states[name][0], states[name][1], tasks.get(name), now,
                                    prices.get(name, []) if self.params['renewal_prices'] else None) for name in held])
        result = {'changed': False, 'domains': records, 'count': len(records),
                  'not_in_account': [name for name in names if states[name] == (None, None)]}
        if result['not_in_account']:
            self.warn('The account does not hold %s: left out of the report' % ', '.join(result['not_in_account']))
        if self.params['renewal_prices']:
            result['forecast'] = portfolio.forecast(records, within)
        if 'csv' in self.params['output_formats']:
            result['csv'] = portfolio.to_csv(records)
        if 'markdown' in self.params['output_formats']:
            result['markdown'] = portfolio.to_markdown(records)
        if self.pacer is not None:
            result['pacing'] = {'requests_per_minute': self.params['requests_per_minute'], 'waited_seconds': round(self.pacer.waited, 1),
                                'busiest_minute': self.pacer.busiest_minute()}
        return result

    @staticmethod
    def due(state, now, within) -> bool:
        domain, service = state
        days = portfolio.days_between((domain or {}).get('expirationDate') or (service or {}).get('expiration'), now)
        return days is None or days <= within


def main():
    OvhDomainInfo.execute()


if __name__ == '__main__':
    main()
