# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Validate simulator responses against OVHcloud's published API schema (``../shared/ovh-api-schema``).

The schema files are swagger-1.2-like: ``apis[].operations[]`` with ``httpMethod`` and
``responseType``, and ``models`` with ``properties`` (``fullType``/``type``, ``canBeNull``) or
enumerations (``enum``). A value is checked for its type (recursively through arrays, maps and
models), enum values, non-nullable fields present and not null, and no field unknown to the model.

As OVHcloud publishes them, a type may be an alias with its underlying type (``coreTypes.ServiceId:long``,
``coreTypes.ServiceId[]:long[]``: the part after the colon is checked), a model may be generic
(``complexType.SafeKeyValue<string>``, whose ``generics`` ``[T]`` bind the properties typed ``T``),
and models are per file (``order.Price`` in service.json is an older variant): an operation's answer
is checked against the models of its own file first.
"""

import json
import re
from pathlib import Path

# In order of precedence for a model that several files define differently.
SCHEMA_FILES = ('order.json', 'me.json', 'domain.json', 'auth.json', 'service.json', 'services.json')

# Fields the real API returns although the schema does not list them (documented in the
# research notes: the guide's item example shows ``settings.domain``).
KNOWN_EXTRA_FIELDS = {
    'order.cart.ItemSettings': {'domain'},
}

_DATETIME_RE = re.compile(r'^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$')
_DATE_RE = re.compile(r'^\d{4}-\d{2}-\d{2}$')
_DURATION_RE = re.compile(r'^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$')
_STRINGS = ('string', 'text', 'password', 'phoneNumber', 'ip', 'ipv4', 'ipv6', 'ipBlock', 'uuid')


class ApiSchema:
    def __init__(self, directory):
        self.models = {}  # every model, the first file of SCHEMA_FILES that defines it winning
        self.file_models = {}
        self.operations = []
        for name in SCHEMA_FILES:
            data = json.loads((Path(directory) / name).read_text(encoding='utf-8'))
            self.file_models[name] = data['models']
            for model_name, model in data['models'].items():
                self.models.setdefault(model_name, model)
            for api in data['apis']:
                pattern = '^' + re.sub(r'\\{\w+\\}', '[^/]+', re.escape(api['path'])) + '$'
                literal = len(re.sub(r'{\w+}', '', api['path']))
                for operation in api['operations']:
                    operation = dict(operation, schemaFile=name)
                    self.operations.append((operation['httpMethod'], re.compile(pattern), literal, api['path'], operation))

    def operation(self, method, path):
        """The schema operation of ``method path`` (the most specific template wins), or ``None``.

        The operation carries ``schemaFile``, the file it comes from (give it to :meth:`validate`)."""
        candidates = [(literal, template, operation) for op_method, regex, literal, template, operation in self.operations
                      if op_method == method and regex.match(path)]
        if not candidates:
            return None
        candidates.sort(key=lambda candidate: -candidate[0])
        return candidates[0][1], candidates[0][2]

    def validate(self, type_name, value, where='$', schema_file=None):
        """A list of problems (empty when ``value`` is a valid ``type_name``); ``schema_file`` names
        the file whose models come first (the file of the operation that answered)."""
        errors = []
        self._check(type_name, value, where, errors, self.file_models.get(schema_file, {}), {})
        return errors

    def _model(self, type_name, local):
        """``(model, bindings)`` of a model type name such as ``complexType.SafeKeyValue<string>``."""
        model = local.get(type_name) or self.models.get(type_name)
        match = re.match(r'^([\w.]+)<(.+)>$', type_name)
        if match is None:
            return model, {}
        if model is None:
            model = local.get(match.group(1) + '<T>') or self.models.get(match.group(1) + '<T>')
        if model is None:
            return None, {}
        arguments = [argument.strip() for argument in match.group(2).split(',')]
        return model, dict(zip(model.get('generics') or (), arguments))

    def _check(self, type_name, value, where, errors, local, bindings):
        type_name = bindings.get(type_name, type_name)
        if ':' in type_name and not type_name.startswith('map['):
            type_name = type_name.split(':', 1)[1]
        if type_name == 'void':
            if value is not None:
                errors.append('%s: expected null (void), got %r' % (where, value))
            return
        if type_name.endswith('[]'):
            if not isinstance(value, list):
                errors.append('%s: expected an array (%s), got %r' % (where, type_name, value))
                return
            for index, item in enumerate(value):
                self._check(type_name[:-2], item, '%s[%d]' % (where, index), errors, local, bindings)
            return
        match = re.match(r'^map\[string\](.+)$', type_name)
        if match:
            if not isinstance(value, dict):
                errors.append('%s: expected a map (%s), got %r' % (where, type_name, value))
                return
            for key, item in value.items():
                self._check(match.group(1), item, '%s[%r]' % (where, key), errors, local, bindings)
            return
        model, model_bindings = self._model(type_name, local)
        if model is not None:
            if 'enum' in model:
                if value not in model['enum']:
                    errors.append('%s: %r is not a value of %s' % (where, value, type_name))
                return
            self._check_model(type_name, model, value, where, errors, local, model_bindings)
            return
        self._check_primitive(type_name, value, where, errors)

    def _check_model(self, type_name, model, value, where, errors, local, bindings):
        if not isinstance(value, dict):
            errors.append('%s: expected an object (%s), got %r' % (where, type_name, value))
            return
        properties = model['properties']
        extra = set(value) - set(properties) - KNOWN_EXTRA_FIELDS.get(type_name, set())
        for name in sorted(extra):
            errors.append('%s.%s: field unknown to %s' % (where, name, type_name))
        for name, spec in sorted(properties.items()):
            field_type = spec.get('fullType') or spec['type']
            if name not in value or value[name] is None:
                if not spec['canBeNull']:
                    state = 'null' if name in value else 'missing'
                    errors.append('%s.%s: non-nullable field of %s is %s' % (where, name, type_name, state))
                continue
            self._check(field_type, value[name], '%s.%s' % (where, name), errors, local, bindings)

    @staticmethod
    def _check_primitive(type_name, value, where, errors):
        if type_name in _STRINGS:
            ok = isinstance(value, str)
        elif type_name == 'long':
            ok = isinstance(value, int) and not isinstance(value, bool)
        elif type_name == 'double':
            ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        elif type_name == 'boolean':
            ok = isinstance(value, bool)
        elif type_name == 'datetime':
            ok = isinstance(value, str) and _DATETIME_RE.match(value) is not None
        elif type_name == 'date':
            ok = isinstance(value, str) and _DATE_RE.match(value) is not None
        elif type_name == 'duration':
            ok = isinstance(value, str) and _DURATION_RE.match(value) is not None
        else:
            errors.append('%s: unknown schema type %s' % (where, type_name))
            return
        if not ok:
            errors.append('%s: %r is not a valid %s' % (where, value, type_name))


def check_error_shape(status, body, headers):
    """Problems with an error answer: OVH's JSON error shape and the X-Ovh-Queryid header."""
    errors = []
    if not headers.get('X-Ovh-Queryid'):
        errors.append('HTTP %s without an X-Ovh-Queryid header' % status)
    if not isinstance(body, dict) or not isinstance(body.get('message'), str):
        errors.append('HTTP %s error body without a message: %r' % (status, body))
    elif 'errorCode' in body:
        if set(body) != {'errorCode', 'httpCode', 'message'} or not str(body['httpCode']).startswith(str(status)):
            errors.append('HTTP %s auth-layer error of an unexpected shape: %r' % (status, body))
    elif not isinstance(body.get('class'), str) or set(body) - {'class', 'message', 'details'}:
        errors.append('HTTP %s application error of an unexpected shape: %r' % (status, body))
    elif 'details' in body and not all(isinstance(v, str) for v in body['details'].values()):
        errors.append('HTTP %s error details must map strings to strings: %r' % (status, body['details']))
    return errors
