# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# PRIVATE to the ovhcloud.order collection: no compatibility promise to other collections.
"""The AnsibleModule glue: connection options, the base class every module builds on, diffs, and
the one place where client errors become ``fail_json``."""

from __future__ import annotations

import contextlib
import traceback

from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib

from ansible_collections.ovhcloud.order.plugins.module_utils._errors import OvhConfigurationError, OvhError, OvhStop
from ansible_collections.ovhcloud.order.plugins.module_utils._validation import number

try:
    from ansible_collections.ovhcloud.order.plugins.module_utils._client import HAS_REQUESTS, REQUESTS_IMPORT_ERROR, OvhClient
    from ansible_collections.ovhcloud.order.plugins.module_utils._config import resolve_settings
except ImportError:  # pragma: no cover - only when the collection itself is broken
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = traceback.format_exc()


def connection_argument_spec() -> dict:
    """The connection options every module takes; documented in the ovhcloud.order.ovh doc fragment."""
    return {
        'endpoint': {'type': 'str', 'fallback': (env_fallback, ['OVH_ENDPOINT'])},
        'application_key': {'type': 'str', 'no_log': False, 'fallback': (env_fallback, ['OVH_APPLICATION_KEY'])},
        'application_secret': {'type': 'str', 'no_log': True, 'fallback': (env_fallback, ['OVH_APPLICATION_SECRET'])},
        'consumer_key': {'type': 'str', 'no_log': True, 'fallback': (env_fallback, ['OVH_CONSUMER_KEY'])},
        'client_id': {'type': 'str', 'fallback': (env_fallback, ['OVH_CLIENT_ID'])},
        'client_secret': {'type': 'str', 'no_log': True, 'fallback': (env_fallback, ['OVH_CLIENT_SECRET'])},
        'token_url': {'type': 'str', 'no_log': False, 'fallback': (env_fallback, ['OVH_TOKEN_URL'])},
        'config_file': {'type': 'path'},
        'timeout': {'type': 'float', 'default': 180},
        'validate_certs': {'type': 'bool', 'default': True},
    }


CONNECTION_OPTIONS = tuple(connection_argument_spec())


class DifferenceTracker:
    """Records (name, before, after) triples; ``changed`` and the diff both come from them."""

    def __init__(self):
        self._entries: dict = {}

    def add(self, name: str, before, after) -> None:
        self._entries[name] = (before, after)

    @property
    def changed(self) -> bool:
        return any(before != after for before, after in self._entries.values())

    def diff(self) -> dict:
        changed = {name: pair for name, pair in self._entries.items() if pair[0] != pair[1]}
        return {
            'before': {name: pair[0] for name, pair in changed.items()},
            'after': {name: pair[1] for name, pair in changed.items()},
        }


class OvhModule:
    """Base of every module: owns the AnsibleModule, the client, the difference tracker and the
    translation of client errors into one clear failure.

    A subclass sets ``argument_spec`` (its own options; connection options are added here) and
    optional ``module_kwargs`` (mutually_exclusive, required_if, ...), and implements ``run()``,
    which returns the module's own result keys. Wrap each API step in ``with self.step('...')`` so
    that a failure says what was being done.
    """

    argument_spec: dict = {}
    module_kwargs: dict = {}
    # Connection options this module takes under another name (shared name -> this module's name),
    # for a module whose own interface needs the shared name (ovh_order_info: timeout -> request_timeout).
    connection_renames: dict = {}

    def __init__(self, module: AnsibleModule):
        self.module = module
        self.params = module.params
        self.check_mode = module.check_mode
        self.tracker = DifferenceTracker()
        self._client = None
        self._step = None

    # -- construction -------------------------------------------------------------------------
    @classmethod
    def full_argument_spec(cls) -> dict:
        """The module's options with the connection options (renamed where the module says so)."""
        spec = {cls.connection_renames.get(name, name): value for name, value in connection_argument_spec().items()}
        spec.update(cls.argument_spec)
        return spec

    @classmethod
    def define_module(cls) -> AnsibleModule:
        return AnsibleModule(argument_spec=cls.full_argument_spec(), supports_check_mode=True, **cls.module_kwargs)

    @classmethod
    def execute(cls, module=None) -> None:
        """Run the module: ``module`` is the AnsibleModule (made here by default), or anything with
        its interface (``params``, ``check_mode``, ``_diff``, ``warn``, ``fail_json``, ``exit_json``,
        ``no_log_values``), such as the controller-side stand-in of an action plugin."""
        module = module or cls.define_module()
        if not HAS_REQUESTS:
            module.fail_json(msg=missing_required_lib('requests'), exception=REQUESTS_IMPORT_ERROR)
        instance = cls(module)
        try:
            instance.validate_connection()
            instance.validate()
            result = instance.run()
        except OvhError as exc:
            instance.fail_from_error(exc)
        except OvhStop as exc:
            instance.fail(exc.message, **exc.result)
        module.exit_json(**instance.finish(result))

    # -- the client ---------------------------------------------------------------------------
    @property
    def client(self) -> OvhClient:
        if self._client is None:
            try:
                settings = resolve_settings(**{name: self.connection_param(name) for name in CONNECTION_OPTIONS if name not in ('timeout', 'validate_certs')})
            except OvhConfigurationError as exc:
                self.fail(str(exc))
            self._client = OvhClient(settings, timeout=self.connection_param('timeout'), validate_certs=self.connection_param('validate_certs'))
        return self._client

    def connection_param(self, name: str):
        """The value of a connection option, under whatever name this module gives it."""
        return self.params[self.connection_renames.get(name, name)]

    @property
    def api_calls(self) -> int:
        return self._client.call_count if self._client is not None else 0

    def validate_connection(self) -> None:
        try:
            number(self.connection_param('timeout'), self.connection_renames.get('timeout', 'timeout'), above=0)
        except ValueError as exc:
            self.fail('%s (seconds to wait for each HTTP request)' % exc)

    # -- hooks for subclasses -----------------------------------------------------------------
    def validate(self) -> None:
        """Check the options before any API call; call ``self.fail`` on bad input."""

    def run(self) -> dict:
        raise NotImplementedError

    @contextlib.contextmanager
    def step(self, description: str):
        """Name what is being done, so that an API error says 'Failed to <description>: ...'."""
        previous, self._step = self._step, description
        try:
            yield
        except OvhError as exc:
            # The innermost step names the failure; remember it past the end of this block.
            if getattr(exc, 'step', None) is None:
                exc.step = description
            raise
        finally:
            self._step = previous

    # -- results and failures -----------------------------------------------------------------
    def finish(self, result: dict) -> dict:
        result = dict(result or {})
        result.setdefault('changed', self.tracker.changed)
        if self.module._diff and 'diff' not in result:
            result['diff'] = self.tracker.diff()
        result['api_calls'] = self.api_calls
        return result

    def warn(self, msg: str) -> None:
        self.module.warn(msg)

    def progress(self, line: str) -> None:
        """Show a line while the task runs: only possible when the module runs inside Ansible's own
        process (an action plugin's stand-in module has ``progress``); a module process cannot."""
        show = getattr(self.module, 'progress', None)
        if show is not None:
            show(line)

    def fail(self, msg: str, **extra) -> None:
        self.module.fail_json(msg=msg, api_calls=self.api_calls, **extra)

    def fail_from_error(self, exc: OvhError, **extra) -> None:
        description = getattr(exc, 'step', None) or self._step or 'call the OVHcloud API'
        failure = exc.to_dict() if hasattr(exc, 'to_dict') else {}
        self.fail('Failed to %s: %s' % (description, exc), failure=failure, **extra)
