# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A callback of `make bench` (scripts/bench.py): counts the tasks a playbook starts and the module
runs they make, and writes the counts as JSON to the file named by BENCH_COUNTER_FILE at the end.

Enable it with ANSIBLE_CALLBACK_PLUGINS=scripts/bench/callback_plugins and
ANSIBLE_CALLBACKS_ENABLED=bench_counter. Not part of the collection.

- tasks: every task started (skipped ones, includes and handlers too);
- module runs: one per host result of a task whose action runs a module (anything but the
  controller-only actions below), one per loop item instead when the task loops, plus one per
  ``until`` retry; skipped results and unreachable hosts run nothing.
"""

from __future__ import annotations

import json
import os

from ansible.plugins.callback import CallbackBase

# Actions handled by the controller alone: no module is sent anywhere.
CONTROLLER_ONLY = frozenset((
    'add_host', 'assert', 'debug', 'fail', 'group_by', 'import_playbook', 'import_role', 'import_tasks',
    'include', 'include_role', 'include_tasks', 'include_vars', 'meta', 'noop', 'pause', 'set_fact',
    'set_stats', 'validate_argument_spec',
))


def _task(result):
    return getattr(result, 'task', None) or result._task  # pylint: disable=protected-access


def _runs_module(task) -> bool:
    return (task.action or '').rsplit('.', 1)[-1] not in CONTROLLER_ONLY


def _loops(task) -> bool:
    return task.loop is not None or bool(task.loop_with)


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'aggregate'
    CALLBACK_NAME = 'bench_counter'
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.tasks = 0
        self.module_runs = 0
        self.retries = 0
        self.by_action = {}

    def _count(self, task, retry=False):
        if not _runs_module(task):
            return
        self.module_runs += 1
        self.retries += int(retry)
        self.by_action[task.action] = self.by_action.get(task.action, 0) + 1

    # tasks
    def v2_playbook_on_task_start(self, task, is_conditional):
        self.tasks += 1

    def v2_playbook_on_handler_task_start(self, task):
        self.tasks += 1

    # host results: a looping task's own result sums up its items, which are counted one by one
    def v2_runner_on_ok(self, result):
        if not _loops(_task(result)):
            self._count(_task(result))

    def v2_runner_on_failed(self, result, ignore_errors=False):
        if not _loops(_task(result)):
            self._count(_task(result))

    def v2_runner_item_on_ok(self, result):
        self._count(_task(result))

    def v2_runner_item_on_failed(self, result):
        self._count(_task(result))

    def v2_runner_retry(self, result):
        self._count(_task(result), retry=True)

    def v2_playbook_on_stats(self, stats):
        path = os.environ.get('BENCH_COUNTER_FILE')
        if not path:
            return
        with open(path, 'w', encoding='utf-8') as handle:
            json.dump({'tasks': self.tasks, 'module_runs': self.module_runs, 'retries': self.retries,
                       'by_action': dict(sorted(self.by_action.items()))}, handle, indent=1)
