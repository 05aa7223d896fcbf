# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# PRIVATE to the ovhcloud.order collection: no compatibility promise to other collections.
"""The AnsibleModule glue: connection options, the base class every module builds on, diffs, the
one place where client errors become ``fail_json``, and the masking of every message a module shows
(warnings and progress lines pass through the module's ``no_log`` values, like its result)."""

from __future__ import annotations

import contextlib
import copy
import os
import traceback

from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib
from ansible.module_utils.common.parameters import remove_values

from ansible_collections.ovhcloud.order.plugins.module_utils._cart import SECRET_LABELS
from ansible_collections.ovhcloud.order.plugins.module_utils._errors import OvhConfigurationError, OvhError, OvhStop
from ansible_collections.ovhcloud.order.plugins.module_utils._planner import option_name
from ansible_collections.ovhcloud.order.plugins.module_utils._progress_channel import PROGRESS_ENV, PROGRESS_KEY
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
# The major version that removes the deprecated aliases of options renamed to one name across modules.
ALIAS_REMOVAL_VERSION = '2.0.0'


def deprecated_alias(name: str) -> dict:
    """An argument spec's ``deprecated_aliases`` entry: ``name`` goes in ``ALIAS_REMOVAL_VERSION``."""
    return {'name': name, 'version': ALIAS_REMOVAL_VERSION, 'collection_name': 'ovhcloud.order'}


# Exceptions that mean an API answer did not have the shape the code expects (a 200 with a string
# where a dict should be, a missing key): reported as such, naming the step and the last call.
SHAPE_ERRORS = (TypeError, KeyError, AttributeError, IndexError)


def secret_configuration_values(value) -> set:
    """The values of secret configuration labels (``SECRET_LABELS``) anywhere in the task's raw
    arguments: in every ``configurations`` dict, at any depth."""
    found = set()
    if isinstance(value, dict):
        for key, item in value.items():
            if key == 'configurations' and isinstance(item, dict):
                found.update(str(secret) for label, secret in item.items() if label in SECRET_LABELS and secret not in (None, '', False))
            found.update(secret_configuration_values(item))
    elif isinstance(value, list):
        for item in value:
            found.update(secret_configuration_values(item))
    return found


class OvhAnsibleModule(AnsibleModule):
    """``AnsibleModule``, unchanged but for what it knows as soon as it has read the arguments: the
    values of secret configuration labels are ``no_log`` values from then on (Ansible's own argument
    check, which may fail first, prints the arguments in ``invocation``), and ``raw_params`` keeps the
    arguments as given (a boolean given for a number is converted to 1.0 by Ansible)."""

    raw_params: dict = {}

    def _load_params(self):
        super()._load_params()
        self.raw_params = copy.deepcopy(self.params)
        self.no_log_values.update(secret_configuration_values(self.params))


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
        self._progress = []

    # -- construction -------------------------------------------------------------------------
    @classmethod
    def full_argument_spec(cls) -> dict:
        """The module's options with the connection options (renamed where the module says so)."""
        spec = {cls.connection_renames.get(name, name): value for name, value in connection_argument_spec().items()}
        spec.update(cls.argument_spec)
        return spec

    @classmethod
    def define_module(cls) -> AnsibleModule:
        return OvhAnsibleModule(argument_spec=cls.full_argument_spec(), supports_check_mode=True, **cls.module_kwargs)

    @classmethod
    def execute(cls, module=None) -> None:
        """Run the module: ``module`` is the AnsibleModule (an ``OvhAnsibleModule`` made here by default)."""
        module = module or cls.define_module()
        if not HAS_REQUESTS:
            module.fail_json(msg=missing_required_lib('requests'), exception=REQUESTS_IMPORT_ERROR)
        instance = cls(module)
        try:
            instance.validate_types()
            instance.validate_connection()
            instance.validate()
            result = instance.run()
        except OvhError as exc:
            instance.fail_from_error(exc)
        except OvhStop as exc:
            instance.fail(exc.message, **exc.result)
        except SHAPE_ERRORS as exc:
            instance.fail_from_shape(exc)
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

    def validate_types(self) -> None:
        """What Ansible's argument check lets through: a boolean given for a number (it reads ``true``
        as 1.0), and an empty string given for an option that has a default (``duration: ""``)."""
        raw = getattr(self.module, 'raw_params', None) or {}
        for name, spec in self.full_argument_spec().items():
            for written in [name] + list(spec.get('aliases') or ()):
                if written not in raw:
                    continue
                if spec.get('type') in ('int', 'float') and isinstance(raw[written], bool):
                    self.fail('%s must be a number, got %r' % (self.option_label(name), raw[written]))
                if spec.get('default') not in (None, '') and raw[written] == '':
                    self.fail('%s must not be empty: leave it out for its default, %s' % (self.option_label(name), spec['default']))

    def option_label(self, name: str) -> str:
        """How a message names the option ``name``: under a role's ``name_prefix``, the role's variable
        (``_planner.option_name``); otherwise as the task wrote it, a deprecated alias (``since``) included."""
        if self.params.get('name_prefix'):
            return option_name(self.params, name)
        raw = getattr(self.module, 'raw_params', None) or {}
        if name not in raw:
            for alias in self.full_argument_spec().get(name, {}).get('aliases') or ():
                if alias in raw:
                    return alias
        return name

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
        except (OvhError,) + SHAPE_ERRORS as exc:
            # The innermost step names the failure; remember it past the end of this block.
            if getattr(exc, 'step', None) is None:
                try:
                    exc.step = description
                except AttributeError:  # an exception type without a __dict__
                    pass
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
        result.update(self.progress_result())
        return result

    def mask(self, text: str) -> str:
        """``text`` with every ``no_log`` value of the module replaced, as Ansible masks a result."""
        return remove_values(text, self.module.no_log_values)

    def warn(self, msg: str) -> None:
        # AnsibleModule masks the result, not its warnings (ansible-core 2.19 to 2.21).
        self.module.warn(self.mask(msg))

    def progress(self, line: str) -> None:
        """Show a line while the task runs (a poll of a wait, an order placed): through the action
        plugin, which shows it beside the task's output unless the task is ``no_log``
        (plugins/plugin_utils/_progress.py). Without that action (``async``) it goes nowhere."""
        channel = os.environ.get(PROGRESS_ENV)
        if not channel or self.module.no_log:
            return
        line = self.mask(line)
        self._progress.append(line)
        if channel != 'result':
            try:
                with open(channel, 'a', encoding='utf-8') as stream:
                    stream.write(line.replace('\n', ' ') + '\n')
            except OSError:
                pass  # the action shows the lines from the result at the end

    def fail(self, msg: str, **extra) -> None:
        self.module.fail_json(msg=msg, api_calls=self.api_calls, **dict(self.progress_result(), **extra))

    def fail_from_error(self, exc: OvhError, **extra) -> None:
        description = getattr(exc, 'step', None) or self._step or 'call the OVHcloud API'
        failure = exc.to_dict() if hasattr(exc, 'to_dict') else {}
        self.fail('Failed to %s: %s' % (description, exc), failure=failure, **extra)

    def fail_from_shape(self, exc: Exception) -> None:
        """An answer of an unexpected shape: the step, the last call and what was wrong with it."""
        description = getattr(exc, 'step', None) or self._step or 'read the answer of the OVHcloud API'
        calls = self._client.calls if self._client is not None else []
        call = ('%s %s answered HTTP %s' % (calls[-1].method, calls[-1].path, calls[-1].status)) if calls else 'no call had been made'
        self.module.fail_json(msg='Failed to %s: an answer of OVHcloud does not have the expected shape (last call: %s): %s: %s'
                              % (description, call, type(exc).__name__, exc), api_calls=self.api_calls,
                              exception=traceback.format_exc(), **self.progress_result())

    def progress_result(self) -> dict:
        return {PROGRESS_KEY: list(self._progress)} if self._progress else {}
