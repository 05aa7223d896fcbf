# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# PRIVATE to the ovhcloud.order collection: no compatibility promise to other collections.
"""Endpoints, credential lookup and validation for the OVHcloud API client.

Each setting is looked up as python-ovh 1.2 does, setting by setting:

1. the argument given to :func:`resolve_settings`;
2. the environment variable ``OVH_<NAME>`` (``OVH_ENDPOINT``, ``OVH_APPLICATION_KEY``,
   ``OVH_APPLICATION_SECRET``, ``OVH_CONSUMER_KEY``, ``OVH_CLIENT_ID``, ``OVH_CLIENT_SECRET``, and
   this collection's ``OVH_TOKEN_URL``);
3. the ``ovh.conf`` files ``/etc/ovh.conf``, ``~/.ovh.conf``, ``./ovh.conf`` and ``config_file``,
   merged key by key, a later file winning: ``endpoint`` comes from the ``[default]`` section, every
   other key from the section named after the endpoint (``[ovh-eu]``, or ``[http://...]``).

Differences from python-ovh: a value that is empty or only whitespace counts as unset, values are
stripped of surrounding whitespace, an explicit ``config_file`` that cannot be read is an error,
the endpoint may be an ``http(s)://`` base URL, and ``token_url`` is a setting.

Validation happens here, before any request: a missing endpoint, an unknown endpoint name, an
application key without its secret (or the reverse), an OAuth2 client id without its secret (or
the reverse), both kinds of credentials, no credentials at all, and OAuth2 on a kimsufi or
soyoustart endpoint are each an :class:`OvhConfigurationError` that names the settings involved and
the accepted values, and never holds a secret value. A missing consumer key is not an error here
(unsigned calls work without it); the client refuses a signed call without one.
"""

from __future__ import annotations

import configparser
import dataclasses
import os
from urllib.parse import urlsplit

from ansible_collections.ovhcloud.order.plugins.module_utils._errors import OvhConfigurationError

ENDPOINTS = {
    'ovh-eu': 'https://eu.api.ovh.com/1.0',
    'ovh-ca': 'https://ca.api.ovh.com/1.0',
    'ovh-us': 'https://api.us.ovhcloud.com/1.0',
    'kimsufi-eu': 'https://eu.api.kimsufi.com/1.0',
    'kimsufi-ca': 'https://ca.api.kimsufi.com/1.0',
    'soyoustart-eu': 'https://eu.api.soyoustart.com/1.0',
    'soyoustart-ca': 'https://ca.api.soyoustart.com/1.0',
}

OAUTH2_TOKEN_URLS = {
    'ovh-eu': 'https://www.ovh.com/auth/oauth2/token',
    'ovh-ca': 'https://ca.ovh.com/auth/oauth2/token',
    'ovh-us': 'https://us.ovhcloud.com/auth/oauth2/token',
}

# The token URL of a URL endpoint when token_url is not set: <scheme>://<host[:port]> + this path.
DEFAULT_TOKEN_PATH = '/auth/oauth2/token'

SYSTEM_CONFIG_FILE = '/etc/ovh.conf'
CREDENTIAL_SETTINGS = ('application_key', 'application_secret', 'consumer_key', 'client_id', 'client_secret', 'token_url')
SECRET_SETTINGS = ('application_secret', 'consumer_key', 'client_secret')

_ACCEPTED_ENDPOINTS = ', '.join(ENDPOINTS) + ', or an http:// or https:// base URL such as https://eu.api.ovh.com/1.0'
_MASK = '********'


def env_name(setting: str) -> str:
    """The environment variable of a setting: ``OVH_`` + its upper-cased name."""
    return 'OVH_' + setting.upper()


@dataclasses.dataclass(frozen=True, repr=False)
class OvhSettings:
    """Validated connection settings. ``repr()`` and ``str()`` mask the secrets.

    ``endpoint`` is the name or URL as configured and ``base_url`` the API root it designates.
    ``token_url`` is set only for OAuth2. ``sources`` tells, for each setting found, where it came
    from (``argument``, ``environment variable OVH_...``, or ``<file> [<section>]``).
    """

    endpoint: str
    base_url: str
    application_key: str | None = None
    application_secret: str | None = None
    consumer_key: str | None = None
    client_id: str | None = None
    client_secret: str | None = None
    token_url: str | None = None
    sources: dict = dataclasses.field(default_factory=dict, compare=False, hash=False)

    @property
    def auth_method(self) -> str:
        """``oauth2`` (client id and secret) or ``application`` (application key, secret, consumer key)."""
        return 'oauth2' if self.client_id else 'application'

    @property
    def secrets(self) -> tuple:
        """The secret values that are set, so that text can be checked or scrubbed against them."""
        return tuple(value for value in (getattr(self, name) for name in SECRET_SETTINGS) if value)

    def __repr__(self) -> str:
        parts = []
        for field in dataclasses.fields(self):
            value = getattr(self, field.name)
            if field.name in SECRET_SETTINGS and value:
                value = _MASK
            parts.append('%s=%r' % (field.name, value))
        return 'OvhSettings(%s)' % ', '.join(parts)

    __str__ = __repr__


def config_search_path(cwd: str | None = None, home: str | None = None, system_config_file: str = SYSTEM_CONFIG_FILE) -> list:
    """The ``ovh.conf`` files read, lowest priority first: system, user (``~/.ovh.conf``), local (``./ovh.conf``)."""
    home = os.path.expanduser('~') if home is None else home
    cwd = os.getcwd() if cwd is None else cwd
    return [system_config_file, os.path.join(home, '.ovh.conf'), os.path.realpath(os.path.join(cwd, 'ovh.conf'))]


class _ConfigFiles:
    """The merged content of the ``ovh.conf`` files, remembering which file gave each value.

    Like one ``RawConfigParser`` reading all the files in order: sections merge, a later file wins
    key by key, and a ``[DEFAULT]`` key applies to every existing section that lacks it.
    """

    def __init__(self):
        self._sections: dict = {}

    def read(self, path: str, required: bool = False) -> None:
        # A default_section that cannot occur keeps [DEFAULT] apart, so that each section's own keys
        # can be told from inherited ones; get() applies the inheritance over all files.
        parser = configparser.RawConfigParser(default_section='\x00')
        try:
            with open(path, encoding='utf-8') as handle:
                parser.read_file(handle, source=path)
        except OSError as exc:
            if not required:
                return
            error = OvhConfigurationError('config_file cannot be read: %s' % _os_error_text(exc, path), options=('config_file',))
        except (configparser.Error, UnicodeDecodeError) as exc:
            error = OvhConfigurationError('%s is not a valid ovh.conf file (%s)' % (path, _parse_error_text(exc)), options=('config_file',) if required else ())
        else:
            for section in parser.sections():
                merged = self._sections.setdefault(section, {})
                for key, value in parser.items(section):
                    merged[key] = (value, path, section)
            return
        raise error

    def get(self, section: str, key: str):
        """``(value, origin)`` for ``key`` in ``section``, or ``(None, None)``."""
        if section not in self._sections:
            return None, None
        found = self._sections[section].get(key) or self._sections.get('DEFAULT', {}).get(key)
        if found is None:
            return None, None
        value, path, found_section = found
        return value, '%s [%s]' % (path, found_section)


def _os_error_text(exc: OSError, path: str) -> str:
    return '%s: %s' % (path, exc.strerror or type(exc).__name__)


def _parse_error_text(exc: Exception) -> str:
    """A parse error's kind and line, without the offending line's text (it could hold a secret)."""
    line = getattr(exc, 'lineno', None)
    if line is None and getattr(exc, 'errors', None):
        line = exc.errors[0][0]
    text = type(exc).__name__
    if line is not None:
        text += ' at line %s' % line
    return text


def _clean(value):
    """The value, stripped, or None when unset, empty or only whitespace."""
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def _url_problem(url: str) -> str | None:
    """Why ``url`` is not an acceptable http(s) base URL, or None."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return 'it is not a valid URL'
    if port == 0:
        return 'it has an invalid port'
    if parts.scheme.lower() not in ('http', 'https') or not parts.hostname:
        return 'it must start with http:// or https:// followed by a host name'
    if parts.username is not None or parts.password is not None:
        return 'it must not contain user credentials'
    if parts.query or parts.fragment:
        return 'it must not contain a query string or a fragment'
    return None


def _describe(url: str) -> str:
    """A URL for an error message, unless it carries user credentials."""
    try:
        has_credentials = '@' in urlsplit(url).netloc
    except ValueError:
        has_credentials = '@' in url
    return '(URL withheld)' if has_credentials else repr(url)


def default_token_url(base_url: str) -> str:
    """The OAuth2 token URL assumed for a URL endpoint without ``token_url``: ``<scheme>://<host>/auth/oauth2/token``."""
    parts = urlsplit(base_url)
    return '%s://%s%s' % (parts.scheme.lower(), parts.netloc, DEFAULT_TOKEN_PATH)


def resolve_settings(endpoint=None, application_key=None, application_secret=None, consumer_key=None, client_id=None, client_secret=None,
                     token_url=None, config_file=None, environ=None, cwd=None, home=None, system_config_file=SYSTEM_CONFIG_FILE) -> OvhSettings:
    """Look up and validate the connection settings; raise :class:`OvhConfigurationError` when unusable.

    ``environ`` defaults to ``os.environ``; ``cwd`` (for ``./ovh.conf``), ``home`` (for
    ``~/.ovh.conf``) and ``system_config_file`` (``/etc/ovh.conf``) can be changed for tests.
    ``config_file`` is read last, so its keys win over the other files' (not over the environment).
    """
    environ = os.environ if environ is None else environ
    files = _ConfigFiles()
    for path in config_search_path(cwd, home, system_config_file):
        files.read(path)
    config_file = _clean(config_file)
    if config_file is not None:
        files.read(os.path.expanduser(config_file), required=True)

    sources = {}
    arguments = {
        'application_key': application_key, 'application_secret': application_secret, 'consumer_key': consumer_key,
        'client_id': client_id, 'client_secret': client_secret, 'token_url': token_url,
    }

    def lookup(name, explicit, section):
        value = _clean(explicit)
        if value is not None:
            sources[name] = 'argument'
            return value
        value = _clean(environ.get(env_name(name)))
        if value is not None:
            sources[name] = 'environment variable ' + env_name(name)
            return value
        value, origin = files.get(section, name)
        value = _clean(value)
        if value is not None:
            sources[name] = origin
        return value

    endpoint = lookup('endpoint', endpoint, 'default')
    base_url = _check_endpoint(endpoint)
    values = {name: lookup(name, arguments[name], endpoint) for name in CREDENTIAL_SETTINGS}
    _check_credentials(endpoint, values, sources)

    if values['client_id']:
        values['token_url'] = _token_url(endpoint, base_url, values['token_url'], sources)
    else:
        values['token_url'] = None
        sources.pop('token_url', None)
    return OvhSettings(endpoint=endpoint, base_url=base_url, sources=sources, **values)


def _check_endpoint(endpoint: str | None) -> str:
    if endpoint is None:
        raise OvhConfigurationError(
            'No OVHcloud API endpoint is set: set the endpoint option, the OVH_ENDPOINT environment variable, or endpoint in the [default] '
            'section of an ovh.conf file. Accepted values: %s.' % _ACCEPTED_ENDPOINTS, options=('endpoint',))
    if endpoint in ENDPOINTS:
        return ENDPOINTS[endpoint]
    if '://' in endpoint:
        problem = _url_problem(endpoint)
        if problem:
            raise OvhConfigurationError('The endpoint URL %s cannot be used: %s. Accepted values: %s.' % (_describe(endpoint), problem, _ACCEPTED_ENDPOINTS),
                                        options=('endpoint',))
        return endpoint.rstrip('/')
    raise OvhConfigurationError('Unknown endpoint %r. Accepted values: %s.' % (endpoint, _ACCEPTED_ENDPOINTS), options=('endpoint',))


def _origin(name: str, sources: dict) -> str:
    return '%s (from %s)' % (name, sources[name]) if name in sources else name


def _check_credentials(endpoint: str, values: dict, sources: dict) -> None:
    for first, second in (('application_key', 'application_secret'), ('client_id', 'client_secret')):
        if bool(values[first]) != bool(values[second]):
            present, missing = (first, second) if values[first] else (second, first)
            raise OvhConfigurationError(
                '%s is set but %s is not: set both (as options, as the %s and %s environment variables, or in the [%s] section of an ovh.conf file).'
                % (_origin(present, sources), missing, env_name(first), env_name(second), endpoint), options=(first, second))
    if values['application_key'] and values['client_id']:
        raise OvhConfigurationError(
            'Both application credentials (%s) and OAuth2 credentials (%s) are set: use either application_key, application_secret and '
            'consumer_key, or client_id and client_secret.' % (_origin('application_key', sources), _origin('client_id', sources)),
            options=('application_key', 'application_secret', 'client_id', 'client_secret'))
    if not values['application_key'] and not values['client_id']:
        raise OvhConfigurationError(
            'No OVHcloud API credentials are set for endpoint %s: set application_key, application_secret and consumer_key, or client_id and '
            'client_secret (as options, as OVH_* environment variables, or in the [%s] section of an ovh.conf file).'
            % (_describe_endpoint(endpoint), endpoint),
            options=('application_key', 'application_secret', 'consumer_key', 'client_id', 'client_secret'))
    if values['client_id'] and endpoint in ENDPOINTS and endpoint not in OAUTH2_TOKEN_URLS:
        raise OvhConfigurationError(
            'OAuth2 credentials (client_id, client_secret) cannot be used with endpoint %s: OAuth2 works with %s, or a URL endpoint; use '
            'application_key, application_secret and consumer_key instead.' % (endpoint, ', '.join(OAUTH2_TOKEN_URLS)),
            options=('endpoint', 'client_id', 'client_secret'))


def _describe_endpoint(endpoint: str) -> str:
    return endpoint if endpoint in ENDPOINTS else _describe(endpoint)


def _token_url(endpoint: str, base_url: str, token_url: str | None, sources: dict) -> str:
    if token_url is None:
        sources['token_url'] = 'default for the endpoint'
        return OAUTH2_TOKEN_URLS.get(endpoint) or default_token_url(base_url)
    problem = _url_problem(token_url)
    if problem:
        raise OvhConfigurationError('The token_url %s cannot be used: %s.' % (_describe(token_url), problem), options=('token_url',))
    return token_url
