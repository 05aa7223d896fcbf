# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""After the order, from playbooks: playbooks/portfolio_report.yml (the report, its files, the
forecast) and playbooks/renew_domains.yml (the domain_renew role: check mode, the renewal, a rerun)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
REPORT_PLAYBOOK = REPO_ROOT / 'playbooks' / 'portfolio_report.yml'
RENEW_PLAYBOOK = REPO_ROOT / 'playbooks' / 'renew_domains.yml'
PORTFOLIO = [
    {'domain': 'alpha.com', 'expiresInDays': 20.5, 'renewal': 'manual'},
    {'domain': 'beta.fr', 'expiresInDays': 45.5, 'tasks': [{'function': 'DomainDnsUpdate', 'status': 'todo'}]},
    {'domain': 'gamma.net', 'expiresInDays': 300.5},
    {'domain': 'xn--bcher-kva.de', 'expiresInDays': 10.5, 'renewal': 'deleteAtExpiration'},
]


def recap(run) -> dict:
    found = re.search(r'^localhost\s+: ok=(\d+)\s+changed=(\d+)\s+unreachable=\d+\s+failed=(\d+)', run.stdout, re.MULTILINE)
    assert found, run
    return {'ok': int(found.group(1)), 'changed': int(found.group(2)), 'failed': int(found.group(3))}


def test_the_portfolio_report_prints_the_table_and_the_forecast_and_writes_both_files(run_playbook, sim, tmp_path):
    sim.control('POST', 'portfolio', {'domains': PORTFOLIO})
    report_dir = tmp_path / 'out'
    run = run_playbook(REPORT_PLAYBOOK, extra_vars={'expiring_within': 60, 'report_dir': str(report_dir)}, env=sim.credentials_env(),
                       callback='default')
    assert run.rc == 0, run
    table = run.stdout[run.stdout.index('Show the domains'):run.stdout.index('Show the renewal-cost forecast')]
    assert table.index('bücher.de') < table.index('alpha.com') < table.index('beta.fr') and 'gamma.net' not in table
    assert 'DomainDnsUpdate' in table and 'automatic P1Y' in table
    # alpha.com (manual, 13.99) and beta.fr (automatic, 9.99); bücher.de is deleted at expiration.
    assert re.search(r'Renewing the 2 domain\(s\) reported \(expiring within 60 days\)\s+once costs EUR 23.98 without tax', run.stdout), run.stdout
    rows = list(csv.DictReader((report_dir / 'portfolio.csv').open(encoding='utf-8')))
    assert [row['domain'] for row in rows] == ['xn--bcher-kva.de', 'alpha.com', 'beta.fr']
    assert (report_dir / 'portfolio.md').read_text(encoding='utf-8').count('\n') == 5
    assert sim.mutating_requests() == []
    assert recap(run)['failed'] == 0


def test_the_renewal_role_prices_renews_then_renews_nothing_again(run_playbook, sim):
    sim.control('POST', 'portfolio', {'domains': PORTFOLIO})
    domains = [{'name': 'alpha.com'}, {'name': 'beta.fr', 'duration': 'P2Y'}, {'name': 'gamma.net'}]
    variables = {'domain_renew_duration': 'P1Y', 'domain_renew_if_expires_within': 30, 'domain_renew_max_price': 50,
                 'domain_renew_auto_pay': True, 'domain_renew_domains': domains}
    checked = run_playbook(RENEW_PLAYBOOK, extra_vars=variables, env=sim.credentials_env(), callback='default', check=True)
    assert checked.rc == 0, checked
    assert 'Check mode, nothing was renewed: 3 domain(s), 1 to renew, 16.79 EUR with tax' in checked.stdout
    assert sim.state()['orders'] == [] and sim.state()['carts'] == []

    renewed = run_playbook(RENEW_PLAYBOOK, extra_vars=variables, env=sim.credentials_env(), callback='default')
    assert renewed.rc == 0 and recap(renewed)['changed'] == 1, renewed
    [order] = sim.state()['orders']
    assert order['domains'] == ['alpha.com'] and order['status'] == 'checking'
    assert re.search(r'alpha.com\s+renewed\s+expires \S+ -> \S+ \(P1Y, 13.99 EUR, 16.79 EUR with tax\)', renewed.stdout)
    assert re.search(r'beta.fr\s+not_due\s+.*more than 30 days away', renewed.stdout)

    sim.clear_requests()
    again = run_playbook(RENEW_PLAYBOOK, extra_vars=variables, env=sim.credentials_env(), callback='default')
    assert again.rc == 0 and recap(again)['changed'] == 0, again
    assert re.search(r'alpha.com\s+renewal_pending', again.stdout) and sim.mutating_requests() == []
