# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What the playbook tests of the domain_order role share: its usual variables, and a play that saves
``domain_order_result`` where the test can read it."""

from __future__ import annotations

import json

# What every role run of these tests sets unless told otherwise: consents, auto-pay, and a quick wait
# (a simulator started with --advance-on-poll delivers a paid order within three polls).
ROLE_DEFAULTS = {'domain_order_max_price': 100, 'domain_order_owner_legal_age': True, 'domain_order_auto_pay': True,
                 'domain_order_waive_retractation_period': True, 'domain_order_poll_interval': 0, 'domain_order_wait_timeout': 60}

# Runs after the play under test; a host that failed there does not reach it, and nothing is saved.
SAVE_RESULT_PLAY = """
- name: Save domain_order_result for the test
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Save domain_order_result
      ansible.builtin.copy:
        content: "{{{{ domain_order_result | to_json }}}}"
        dest: {result}
        mode: "0600"
      check_mode: false
      changed_when: false
"""


def role_variables(domains, **overrides) -> dict:
    """ROLE_DEFAULTS with ``domain_order_domains`` (a name stands for ``{name: ...}``) and ``overrides``."""
    variables = dict(ROLE_DEFAULTS, domain_order_domains=[domain if isinstance(domain, dict) else {'name': domain} for domain in domains])
    variables.update(overrides)
    return variables


def run_saving_result(run_playbook, playbook: str, result_file, sim, extra_vars, **kwargs):
    """``playbook`` (text) then SAVE_RESULT_PLAY, with ``sim``'s credentials; the outcome's ``result``
    is domain_order_result, or None when the playbook stopped before it was saved."""
    if result_file.exists():
        result_file.unlink()
    outcome = run_playbook(playbook + SAVE_RESULT_PLAY.format(result=result_file), extra_vars=extra_vars, env=sim.credentials_env(),
                           callback='default', **kwargs)
    outcome.result = json.loads(result_file.read_text()) if result_file.exists() else None
    return outcome
