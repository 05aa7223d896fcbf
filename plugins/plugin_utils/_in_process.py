# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# PRIVATE to the ovhcloud.order collection: no compatibility promise to other collections.
"""Run a module of this collection inside Ansible's own process, when the task runs on the
controller: an action plugin's way to show one line per poll while an order is awaited (a module
process cannot print while it runs), with one API client for the whole task.

The module's own class runs unchanged; :class:`InProcessModule` stands in for its
``AnsibleModule``: it validates the task's arguments against the module's argument spec (environment
fallbacks included, with the task's ``environment``), and masks every ``no_log`` value in the result.
Anywhere else (another host, ``async``) the action runs the module as usual.
"""

from __future__ import annotations

import os

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.module_utils.common.parameters import remove_values
from ansible.plugins.action import ActionBase
from ansible.utils.display import Display

display = Display()


class ModuleExit(Exception):
    """``exit_json``/``fail_json`` of the stand-in: carries the module's result."""

    def __init__(self, result):
        super().__init__('module exit')
        self.result = result


class InProcessModule:
    """The part of ``AnsibleModule`` the collection's modules use."""

    def __init__(self, module_class, check_mode: bool, diff: bool, progress):
        self.module_class = module_class
        self.check_mode = check_mode
        self._diff = diff
        self._progress = progress
        self.warnings = []
        self.no_log_values = set()
        self.params = {}

    def validate(self, args: dict) -> None:
        """Check the task's arguments as AnsibleModule would (environment fallbacks come from os.environ)."""
        validator = ArgumentSpecValidator(self.module_class.full_argument_spec(), **self.module_class.module_kwargs)
        validated = validator.validate(args)
        self.no_log_values = set(validated._no_log_values)
        self.params = validated.validated_parameters
        if validated.error_messages:
            self.fail_json(msg='; '.join(validated.error_messages))

    def warn(self, msg: str) -> None:
        self.warnings.append(msg)

    def progress(self, line: str) -> None:
        self._progress(line)

    def fail_json(self, msg, **kwargs):
        raise ModuleExit(dict(kwargs, failed=True, msg=msg))

    def exit_json(self, **kwargs):
        raise ModuleExit(kwargs)

    def result(self, raw: dict) -> dict:
        result = remove_values(raw, self.no_log_values)
        if self.warnings:
            result['warnings'] = list(self.warnings)
        return result


class InProcessAction(ActionBase):
    """Base of the action plugins whose module may run in Ansible's process (see the module docstring)."""

    module_class = None  # the module's OvhModule subclass
    _supports_check_mode = True
    _supports_async = True

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        if self._task.async_val or not self.on_controller():
            # As ansible.builtin.normal runs a module.
            wrap_async = self._task.async_val and not self._connection.has_native_async
            result.update(self._execute_module(task_vars=task_vars, wrap_async=wrap_async))
            if not wrap_async:
                self._remove_tmp_path(self._connection._shell.tmpdir)
            return result
        environment = {}
        self._compute_environment_string(environment)
        saved = dict(os.environ)
        os.environ.update({str(key): str(value) for key, value in environment.items()})
        host = task_vars.get('inventory_hostname', 'localhost') if task_vars else 'localhost'
        module = InProcessModule(self.module_class, bool(self._task.check_mode), bool(self._task.diff),
                                 lambda line: display.display('  [%s] %s' % (host, line)))
        try:
            module.validate(dict(self._task.args))
            self.module_class.execute(module)
            outcome = {'failed': True, 'msg': 'the module ended without a result'}
        except ModuleExit as exit_:
            outcome = module.result(exit_.result)
        finally:
            os.environ.clear()
            os.environ.update(saved)
        result.update(outcome)
        return result

    def on_controller(self) -> bool:
        return getattr(self._connection, 'transport', None) in ('local', 'ansible.builtin.local')
