# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# PRIVATE to the ovhcloud.order collection: no compatibility promise to other collections.
"""The action of the modules that show progress (ovh_domain_order, ovh_order_info): the real module,
run as a module wherever the task runs, and its progress lines (``OvhModule.progress``) shown beside
the task's output.

Why a module run on every connection, and not the module's code in Ansible's own process on the
controller (as ansible.netcommon's ``network`` action runs a subclass of the real ``AnsibleModule``):
in the controller process ``AnsibleModule`` is not the same program. ansible-core (2.19 to 2.21)
sends its warnings and deprecations straight to the controller's display there (not into the result,
and not silenced by ``no_log``), it reads its arguments from module-level globals and hands its
result to a hook that ansible-core marks internal and temporary (``_record_module_result``), and
``become``, ``ansible_python_interpreter`` and the task's ``environment`` do not apply to it. A module
run is one behaviour everywhere: the same argument checks and messages, the same ``no_log`` rules,
the same interpreter and user. It costs about 0.7 s a task (ansible-core builds the AnsiballZ
payload, then a Python process imports it: README, "Performance"), not per API call: the whole
order is still one module run with one API client.

Progress: the module cannot print while it runs, so it writes its lines where this action reads
them. With the local connection (the task runs on the controller, as the domain_order role does),
the module appends each line to a file of the controller that this action reads every
TAIL_INTERVAL seconds while the module runs: one line per poll, as it happens. Elsewhere (another
host) this action cannot read the host's files while the module runs; the module returns its lines
in its result and they are shown when it ends. Either way they are shown on the controller's
standard error, beside Ansible's own warnings, so that a machine-readable stdout callback (such as
ansible.posix.json) keeps a stdout that is one JSON document; and not at all when the task is
``no_log`` (the module does not even record them then). With ``async`` the module runs as Ansible
runs any module in the background, and shows no line.
"""

from __future__ import annotations

import os
import tempfile
import threading

from ansible import constants as C
from ansible.plugins.action import ActionBase
from ansible.utils.display import Display
from ansible.utils.vars import merge_hash

from ansible_collections.ovhcloud.order.plugins.module_utils._progress_channel import PROGRESS_ENV, PROGRESS_KEY

display = Display()

# Seconds between two reads of the progress file while the module runs on the controller.
TAIL_INTERVAL = 0.2


class ProgressLines:
    """Shows a module's progress lines once each, in order, prefixed with the host, unless quiet."""

    def __init__(self, host: str, quiet: bool):
        self.host = host
        self.quiet = quiet
        self.shown = 0
        self._lock = threading.Lock()

    def show(self, lines) -> None:
        """Show the lines of ``lines`` (every line so far, in order) not shown yet."""
        with self._lock:
            for line in list(lines)[self.shown:]:
                if not self.quiet:
                    display.display('  [%s] %s' % (self.host, line), stderr=True)
                self.shown += 1


class FileTail(threading.Thread):
    """Reads the complete lines appended to a file, every TAIL_INTERVAL seconds, until stopped."""

    def __init__(self, path: str, on_lines):
        super().__init__(daemon=True)
        self.path = path
        self.on_lines = on_lines
        self.lines = []
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.wait(TAIL_INTERVAL):
            self.read()

    def read(self) -> None:
        try:
            with open(self.path, encoding='utf-8', errors='replace') as stream:
                complete = stream.read().split('\n')[:-1]
        except OSError:
            return
        if len(complete) > len(self.lines):
            self.lines = complete
            self.on_lines(self.lines)

    def stop(self) -> None:
        self._halt.set()
        self.join()
        self.read()


class ModuleWithProgress(ActionBase):
    """Runs the task's module (see the module docstring) and shows its progress lines."""

    _supports_check_mode = True
    _supports_async = True

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        del tmp  # no longer has any effect
        task_vars = task_vars or {}
        if self._task.async_val:
            # As ansible.builtin.normal runs a module in the background; Ansible polls it.
            wrap_async = not self._connection.has_native_async
            return merge_hash(result, self._execute_module(task_vars=task_vars, wrap_async=wrap_async))
        lines = ProgressLines(task_vars.get('inventory_hostname', 'localhost'), quiet=bool(self._task.no_log or C.DEFAULT_NO_LOG))
        live = self._live_file()
        tail = FileTail(live, lines.show) if live else None
        saved = self._task.environment
        self._task.environment = list(saved or []) + [{PROGRESS_ENV: live or 'result'}]
        try:
            if tail is not None:
                tail.start()
            outcome = self._execute_module(task_vars=task_vars)
        finally:
            self._task.environment = saved
            if tail is not None:
                tail.stop()
                os.unlink(live)
        lines.show(outcome.pop(PROGRESS_KEY, None) or ())
        self._remove_tmp_path(self._connection._shell.tmpdir)
        return merge_hash(result, outcome)

    def _live_file(self) -> str | None:
        """A new file of the controller for the module's lines, when the module runs on the controller
        (the local connection); None elsewhere."""
        if getattr(self._connection, 'transport', None) not in ('local', 'ansible.builtin.local'):
            return None
        descriptor, path = tempfile.mkstemp(prefix='ovhcloud-order-progress-', dir=C.DEFAULT_LOCAL_TMP)
        os.close(descriptor)
        return path
