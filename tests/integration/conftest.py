# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fixtures of the playbook tests: the domain_order role run against a simulator, its result read back."""

from __future__ import annotations

import json

import pytest

ROLE_PLAY = """
- name: Order with the role
  hosts: localhost
  gather_facts: false
  roles:
    - role: ovhcloud.order.domain_order
  post_tasks:
    - name: Save the result
      ansible.builtin.copy:
        content: "{{{{ domain_order_result | to_json }}}}"
        dest: {result}
        mode: "0600"
      check_mode: false
      changed_when: false
"""
# What every role run of these tests sets unless told otherwise: consents, auto-pay, and a quick wait
# (a simulator started with --advance-on-poll delivers a paid order within three polls).
ROLE_DEFAULTS = {'domain_order_max_price': 100, 'domain_order_owner_legal_age': True, 'domain_order_auto_pay': True,
                 'domain_order_waive_retractation_period': True, 'domain_order_poll_interval': 0, 'domain_order_wait_timeout': 60}


@pytest.fixture
def role(run_playbook, tmp_path):
    """``role(sim, domains, check=False, verbosity=0, **variables)``: the role with ROLE_DEFAULTS and
    ``variables``; the result has ``records``, domain_order_result by domain (Unicode name), or None."""
    def run(sim, domains, check=False, verbosity=0, **variables):
        result_file = tmp_path / 'result.json'
        if result_file.exists():
            result_file.unlink()
        extra = dict(ROLE_DEFAULTS, domain_order_domains=[domain if isinstance(domain, dict) else {'name': domain} for domain in domains])
        extra.update(variables)
        outcome = run_playbook(ROLE_PLAY.format(result=result_file), extra_vars=extra, env=sim.credentials_env(), callback='default',
                               check=check, verbosity=verbosity)
        outcome.records = {entry['domain_unicode']: entry for entry in json.loads(result_file.read_text())} if result_file.exists() else None
        return outcome
    return run


@pytest.fixture
def fast_sim(start_simulator):
    """A simulator of its own whose paid orders advance one step on each status poll."""
    return start_simulator('--advance-on-poll')
