# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Credential lookup (arguments > OVH_* > ./ovh.conf > ~/.ovh.conf > /etc/ovh.conf, config_file on
top, key by key) and every configuration error."""

from __future__ import annotations

import os
import textwrap

import ovh
import ovh.config
import pytest

from ansible_collections.ovhcloud.order.plugins.module_utils._config import OAUTH2_TOKEN_URLS, resolve_settings
from ansible_collections.ovhcloud.order.plugins.module_utils._errors import OvhConfigurationError

SECRET_VALUES = ('S3cret-app-secret', 'S3cret-consumer-key', 'S3cret-client-secret')


def write(path, text):
    path = str(path)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w', encoding='utf-8') as handle:
        handle.write(textwrap.dedent(text))
    return path


@pytest.fixture
def files(isolated, tmp_path):
    """Paths of the three searched files and of an extra config_file, in this test's directories."""
    return {
        'system': isolated['system_config_file'],
        'user': os.path.join(isolated['home'], '.ovh.conf'),
        'local': os.path.join(isolated['cwd'], 'ovh.conf'),
        'extra': str(tmp_path / 'extra.conf'),
    }


def test_files_merge_key_by_key_local_over_user_over_system(files, isolated):
    write(files['system'], '''
        [default]
        endpoint = ovh-eu
        [ovh-eu]
        application_key = system-ak
        application_secret = system-as
        consumer_key = system-ck
    ''')
    write(files['user'], '''
        [ovh-eu]
        application_secret = user-as
        consumer_key = user-ck
    ''')
    write(files['local'], '''
        [ovh-eu]
        consumer_key = local-ck
    ''')
    settings = resolve_settings(**isolated)
    assert (settings.endpoint, settings.base_url) == ('ovh-eu', 'https://eu.api.ovh.com/1.0')
    assert (settings.application_key, settings.application_secret, settings.consumer_key) == ('system-ak', 'user-as', 'local-ck')
    assert settings.sources == {
        'endpoint': '%s [default]' % files['system'],
        'application_key': '%s [ovh-eu]' % files['system'],
        'application_secret': '%s [ovh-eu]' % files['user'],
        'consumer_key': '%s [ovh-eu]' % files['local'],
    }


def test_config_file_on_top_then_environment_then_arguments(files, isolated):
    write(files['system'], '''
        [default]
        endpoint = ovh-eu
        [ovh-eu]
        application_key = system-ak
        application_secret = system-as
        consumer_key = system-ck
    ''')
    write(files['local'], '''
        [ovh-eu]
        application_key = local-ak
        application_secret = local-as
        consumer_key = local-ck
    ''')
    write(files['extra'], '''
        [ovh-eu]
        application_key = extra-ak
        application_secret = extra-as
    ''')
    settings = resolve_settings(config_file=files['extra'], **isolated)
    assert (settings.application_key, settings.application_secret, settings.consumer_key) == ('extra-ak', 'extra-as', 'local-ck')

    isolated['environ'] = {'OVH_APPLICATION_SECRET': 'env-as', 'OVH_CONSUMER_KEY': 'env-ck'}
    settings = resolve_settings(config_file=files['extra'], **isolated)
    assert (settings.application_key, settings.application_secret, settings.consumer_key) == ('extra-ak', 'env-as', 'env-ck')
    assert settings.sources['application_secret'] == 'environment variable OVH_APPLICATION_SECRET'

    settings = resolve_settings(config_file=files['extra'], consumer_key='arg-ck', **isolated)
    assert (settings.application_key, settings.application_secret, settings.consumer_key) == ('extra-ak', 'env-as', 'arg-ck')
    assert settings.sources['consumer_key'] == 'argument'


def test_endpoint_chooses_the_section(files, isolated):
    write(files['user'], '''
        [default]
        endpoint = ovh-eu
        [ovh-eu]
        application_key = eu-ak
        application_secret = eu-as
        [ovh-ca]
        application_key = ca-ak
        application_secret = ca-as
        [http://127.0.0.1:40123/1.0]
        client_id = sim-id
        client_secret = sim-secret
    ''')
    assert resolve_settings(**isolated).application_key == 'eu-ak'
    isolated['environ'] = {'OVH_ENDPOINT': 'ovh-ca'}
    settings = resolve_settings(**isolated)
    assert (settings.endpoint, settings.base_url, settings.application_key) == ('ovh-ca', 'https://ca.api.ovh.com/1.0', 'ca-ak')
    settings = resolve_settings(endpoint='http://127.0.0.1:40123/1.0', **isolated)
    assert (settings.base_url, settings.client_id, settings.auth_method) == ('http://127.0.0.1:40123/1.0', 'sim-id', 'oauth2')
    assert settings.token_url == 'http://127.0.0.1:40123/auth/oauth2/token'


def test_lookup_matches_python_ovh(files, isolated, monkeypatch):
    """The same files and variables give python-ovh and resolve_settings the same credentials."""
    write(files['system'], '''
        [default]
        endpoint = ovh-ca
        [ovh-ca]
        application_key = system-ak
        application_secret = system-as
        consumer_key = system-ck
    ''')
    write(files['user'], '''
        [ovh-ca]
        application_secret = user-as
    ''')
    write(files['local'], '''
        [ovh-ca]
        consumer_key = local-ck
        [ovh-eu]
        application_key = eu-ak
    ''')
    write(files['extra'], '''
        [DEFAULT]
        consumer_key = default-ck
        [ovh-ca]
        application_key = extra-ak
    ''')
    monkeypatch.setattr(ovh.config, 'CONFIG_PATH', [files['system'], files['user'], files['local']])
    for name in ('ENDPOINT', 'APPLICATION_KEY', 'APPLICATION_SECRET', 'CONSUMER_KEY', 'CLIENT_ID', 'CLIENT_SECRET'):
        monkeypatch.delenv('OVH_' + name, raising=False)
    cases = [
        ({}, {}, None),
        ({}, {}, files['extra']),
        ({'OVH_CONSUMER_KEY': 'env-ck'}, {}, files['extra']),
        ({'OVH_APPLICATION_KEY': 'env-ak'}, {'application_secret': 'arg-as'}, None),
    ]
    for environ, arguments, config_file in cases:
        for name, value in environ.items():
            monkeypatch.setenv(name, value)
        theirs = ovh.Client(config_file=config_file, **arguments)
        isolated['environ'] = environ
        ours = resolve_settings(config_file=config_file, **arguments, **isolated)
        assert ours.base_url == theirs._endpoint
        assert (ours.application_key, ours.application_secret, ours.consumer_key) == \
            (theirs._application_key, theirs._application_secret, theirs._consumer_key), (environ, arguments, config_file)
        for name in environ:
            monkeypatch.delenv(name)


def test_named_endpoints_and_their_token_urls(isolated):
    for name, token_url in OAUTH2_TOKEN_URLS.items():
        settings = resolve_settings(endpoint=name, client_id='id', client_secret='secret', **isolated)
        assert settings.token_url == token_url
        assert settings.auth_method == 'oauth2'
    settings = resolve_settings(endpoint='kimsufi-eu', application_key='ak', application_secret='as', **isolated)
    assert settings.base_url == 'https://eu.api.kimsufi.com/1.0'
    assert settings.token_url is None
    assert settings.consumer_key is None  # allowed until a signed call is made


def test_token_url_setting_and_url_endpoints(files, isolated):
    settings = resolve_settings(endpoint='https://api.example.test:8443/1.0/', client_id='id', client_secret='secret', **isolated)
    assert settings.base_url == 'https://api.example.test:8443/1.0'
    assert settings.token_url == 'https://api.example.test:8443/auth/oauth2/token'
    isolated['environ'] = {'OVH_TOKEN_URL': 'https://auth.example.test/token'}
    settings = resolve_settings(endpoint='https://api.example.test/1.0', client_id='id', client_secret='secret', **isolated)
    assert settings.token_url == 'https://auth.example.test/token'
    assert settings.sources['token_url'] == 'environment variable OVH_TOKEN_URL'
    settings = resolve_settings(endpoint='ovh-eu', client_id='id', client_secret='secret', token_url='http://127.0.0.1:9/t', **isolated)
    assert settings.token_url == 'http://127.0.0.1:9/t'
    isolated['environ'] = {}
    write(files['user'], '''
        [http://127.0.0.1:5000/1.0]
        client_id = id
        client_secret = secret
        token_url = http://127.0.0.1:5001/oauth2/token
    ''')
    settings = resolve_settings(endpoint='http://127.0.0.1:5000/1.0', **isolated)
    assert settings.token_url == 'http://127.0.0.1:5001/oauth2/token'
    # Unused with application keys:
    settings = resolve_settings(endpoint='ovh-eu', application_key='ak', application_secret='as', token_url='https://x.test/t', **isolated)
    assert settings.token_url is None


def test_empty_values_count_as_unset_and_values_are_stripped(isolated):
    isolated['environ'] = {'OVH_ENDPOINT': '', 'OVH_APPLICATION_KEY': '  env-ak\n', 'OVH_APPLICATION_SECRET': 'env-as', 'OVH_CLIENT_ID': ''}
    settings = resolve_settings(endpoint=' ovh-eu ', consumer_key='', **isolated)
    assert (settings.endpoint, settings.application_key, settings.consumer_key, settings.client_id) == ('ovh-eu', 'env-ak', None, None)


def test_repr_masks_secrets(isolated):
    settings = resolve_settings(endpoint='ovh-eu', application_key='visible-ak', application_secret=SECRET_VALUES[0],
                                consumer_key=SECRET_VALUES[1], **isolated)
    for text in (repr(settings), str(settings), '%s' % (settings,)):
        assert 'visible-ak' in text
        assert SECRET_VALUES[0] not in text and SECRET_VALUES[1] not in text
        assert '********' in text
    settings = resolve_settings(endpoint='ovh-eu', client_id='visible-id', client_secret=SECRET_VALUES[2], **isolated)
    assert SECRET_VALUES[2] not in repr(settings) and 'visible-id' in repr(settings)
    assert set(settings.secrets) == {SECRET_VALUES[2]}


CONFIG_ERRORS = [
    ('no endpoint', {'application_key': 'ak', 'application_secret': SECRET_VALUES[0]},
     ('endpoint',), ['No OVHcloud API endpoint', 'OVH_ENDPOINT', 'ovh-eu', 'soyoustart-ca', 'http://']),
    ('unknown endpoint', {'endpoint': 'ovh-fr', 'application_key': 'ak', 'application_secret': SECRET_VALUES[0]},
     ('endpoint',), ["Unknown endpoint 'ovh-fr'", 'ovh-eu, ovh-ca, ovh-us, kimsufi-eu', 'https://']),
    ('ftp endpoint', {'endpoint': 'ftp://host/1.0', 'application_key': 'ak', 'application_secret': SECRET_VALUES[0]},
     ('endpoint',), ['http:// or https://']),
    ('endpoint with credentials', {'endpoint': 'https://user:%s@host/1.0' % SECRET_VALUES[2], 'client_id': 'id', 'client_secret': 'x'},
     ('endpoint',), ['must not contain user credentials', 'URL withheld']),
    ('application key alone', {'endpoint': 'ovh-eu', 'application_key': 'ak', 'consumer_key': SECRET_VALUES[1]},
     ('application_key', 'application_secret'), ['application_key (from argument) is set but application_secret is not', 'OVH_APPLICATION_SECRET']),
    ('application secret alone', {'endpoint': 'ovh-eu', 'application_secret': SECRET_VALUES[0]},
     ('application_key', 'application_secret'), ['application_secret (from argument) is set but application_key is not']),
    ('client id alone', {'endpoint': 'ovh-eu', 'client_id': 'id'},
     ('client_id', 'client_secret'), ['client_id (from argument) is set but client_secret is not', 'OVH_CLIENT_SECRET']),
    ('client secret alone', {'endpoint': 'ovh-eu', 'client_secret': SECRET_VALUES[2]},
     ('client_id', 'client_secret'), ['client_secret (from argument) is set but client_id is not']),
    ('both kinds', {'endpoint': 'ovh-eu', 'application_key': 'ak', 'application_secret': SECRET_VALUES[0], 'consumer_key': SECRET_VALUES[1],
                    'client_id': 'id', 'client_secret': SECRET_VALUES[2]},
     ('application_key', 'application_secret', 'client_id', 'client_secret'), ['Both application credentials', 'use either']),
    ('no credentials', {'endpoint': 'ovh-eu'},
     ('application_key', 'application_secret', 'consumer_key', 'client_id', 'client_secret'), ['No OVHcloud API credentials', '[ovh-eu]']),
    ('oauth2 on kimsufi', {'endpoint': 'kimsufi-eu', 'client_id': 'id', 'client_secret': SECRET_VALUES[2]},
     ('endpoint', 'client_id', 'client_secret'), ['cannot be used with endpoint kimsufi-eu', 'ovh-eu, ovh-ca, ovh-us']),
    ('oauth2 on soyoustart', {'endpoint': 'soyoustart-ca', 'client_id': 'id', 'client_secret': SECRET_VALUES[2]},
     ('endpoint', 'client_id', 'client_secret'), ['soyoustart-ca']),
    ('bad token url', {'endpoint': 'ovh-eu', 'client_id': 'id', 'client_secret': SECRET_VALUES[2], 'token_url': 'token.example.test/x'},
     ('token_url',), ['token_url', 'http:// or https://']),
]


@pytest.mark.parametrize('label,arguments,options,fragments', CONFIG_ERRORS, ids=[case[0] for case in CONFIG_ERRORS])
def test_configuration_errors(isolated, label, arguments, options, fragments):
    with pytest.raises(OvhConfigurationError) as caught:
        resolve_settings(**arguments, **isolated)
    error = caught.value
    assert error.options == options, label
    for fragment in fragments:
        assert fragment in str(error), (label, str(error))
    for secret in SECRET_VALUES:
        assert secret not in str(error) and secret not in repr(error)


def test_configuration_error_names_the_source_of_each_side(files, isolated):
    write(files['user'], '''
        [ovh-eu]
        client_id = file-id
        client_secret = file-secret
    ''')
    isolated['environ'] = {'OVH_APPLICATION_KEY': 'ak', 'OVH_APPLICATION_SECRET': SECRET_VALUES[0]}
    with pytest.raises(OvhConfigurationError) as caught:
        resolve_settings(endpoint='ovh-eu', **isolated)
    assert 'application_key (from environment variable OVH_APPLICATION_KEY)' in str(caught.value)
    assert 'client_id (from %s [ovh-eu])' % files['user'] in str(caught.value)
    assert 'file-secret' not in str(caught.value) and SECRET_VALUES[0] not in str(caught.value)


def test_unreadable_or_invalid_config_files(files, isolated):
    with pytest.raises(OvhConfigurationError) as caught:
        resolve_settings(endpoint='ovh-eu', application_key='ak', application_secret='as', config_file=files['extra'], **isolated)
    assert 'config_file cannot be read' in str(caught.value) and caught.value.options == ('config_file',)

    write(files['extra'], 'application_secret = %s\n' % SECRET_VALUES[0])  # no section header
    with pytest.raises(OvhConfigurationError) as caught:
        resolve_settings(endpoint='ovh-eu', config_file=files['extra'], **isolated)
    assert 'is not a valid ovh.conf file (MissingSectionHeaderError at line 1)' in str(caught.value)
    assert SECRET_VALUES[0] not in str(caught.value)

    write(files['user'], '[ovh-eu]\napplication_key = ak\n%s\n' % SECRET_VALUES[1])  # a line that is not key = value
    with pytest.raises(OvhConfigurationError) as caught:
        resolve_settings(endpoint='ovh-eu', **isolated)
    assert files['user'] in str(caught.value) and 'line 3' in str(caught.value)
    assert SECRET_VALUES[1] not in str(caught.value)
