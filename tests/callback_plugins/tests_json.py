# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A stdout callback for the tests' playbook runs: one JSON document with every task's host results.

ansible-core has no JSON stdout callback of its own (ansible.builtin.json is routed to ansible.posix,
which the test environment does not install); tests/conftest.py's run_playbook reads this one."""

from __future__ import annotations

import json

from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'stdout'
    CALLBACK_NAME = 'tests_json'

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._plays = []

    def v2_playbook_on_play_start(self, play):
        self._plays.append({'play': {'name': play.get_name()}, 'tasks': []})

    def v2_playbook_on_task_start(self, task, is_conditional):
        self._plays[-1]['tasks'].append({'task': {'name': task.get_name()}, 'hosts': {}})

    def v2_playbook_on_handler_task_start(self, task):
        self.v2_playbook_on_task_start(task, False)

    def _record(self, result, **flags):
        data = json.loads(self._dump_results(result.result, keep_invocation=True))
        data.update(flags)
        if 'diff' in result.result:
            data['diff'] = json.loads(json.dumps(result.result['diff'], default=str))
        data['warnings'] = [getattr(getattr(w, 'event', None), 'msg', None) or str(w) for w in result.warnings]
        self._plays[-1]['tasks'][-1]['hosts'][result.host.get_name()] = data

    def v2_runner_on_ok(self, result):
        self._record(result)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._record(result, failed=True)

    def v2_runner_on_skipped(self, result):
        self._record(result, skipped=True)

    def v2_runner_on_unreachable(self, result):
        self._record(result, unreachable=True)

    def v2_playbook_on_stats(self, stats):
        summary = {host: stats.summarize(host) for host in sorted(stats.processed)}
        self._display.display(json.dumps({'plays': self._plays, 'stats': summary}, default=str))
