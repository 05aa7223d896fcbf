# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fixtures of the playbook tests: the domain_order role run against a simulator, its result read back."""

from __future__ import annotations

import pytest
from playbook_helpers import role_variables, run_saving_result

ROLE_PLAY = """
- name: Order with the role
  hosts: localhost
  gather_facts: false
  roles:
    - role: ovhcloud.order.domain_order
"""


@pytest.fixture
def role(run_playbook, tmp_path):
    """``role(sim, domains, check=False, verbosity=0, **variables)``: the role with ROLE_DEFAULTS and
    ``variables``; the result has ``records``, domain_order_result by domain (Unicode name), or None."""
    def run(sim, domains, check=False, verbosity=0, **variables):
        outcome = run_saving_result(run_playbook, ROLE_PLAY, tmp_path / 'result.json', sim, role_variables(domains, **variables),
                                    check=check, verbosity=verbosity)
        outcome.records = None if outcome.result is None else {entry['domain_unicode']: entry for entry in outcome.result}
        return outcome
    return run


@pytest.fixture
def fast_sim(start_simulator):
    """A simulator of its own whose paid orders advance one step on each status poll."""
    return start_simulator('--advance-on-poll')
