# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fixtures of the simulator tests: python-ovh clients and raw HTTP sessions whose every answer is
checked as it arrives: OVH's error shape for errors, and OVHcloud's schema for 2xx answers when
``../shared/ovh-api-schema`` is there. Only the tests about the schema itself (``api_schema``)
are skipped without it."""

import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from ovh_schema_check import ApiSchema  # noqa: E402  pylint: disable=wrong-import-position
from sim_helpers import (  # noqa: E402  pylint: disable=wrong-import-position
    APPLICATION_KEY, APPLICATION_SECRET, CLIENT_ID, CLIENT_SECRET, CONSUMER_KEY, Checker, RawApi,
)


@pytest.fixture(scope='session')
def api_schema(shared_schema_dir, optional_api_schema):
    """OVHcloud's schema; skips the test when ``../shared/ovh-api-schema`` is absent."""
    return optional_api_schema


@pytest.fixture(scope='session')
def optional_api_schema(optional_shared_schema_dir):
    """OVHcloud's schema, or None when ``../shared/ovh-api-schema`` is absent."""
    return None if optional_shared_schema_dir is None else ApiSchema(optional_shared_schema_dir)


@pytest.fixture
def checker(optional_api_schema):
    return Checker(optional_api_schema)


@pytest.fixture
def raw_api(sim, checker):
    return RawApi(sim, checker)


@pytest.fixture
def make_client(monkeypatch, checker):
    """``make_client(simulator, consumer_key=..., oauth2=False)``: a python-ovh client of the simulator."""
    import ovh
    for name in list(os.environ):
        if name.startswith('OVH_'):
            monkeypatch.delenv(name)

    def make(simulator, consumer_key=CONSUMER_KEY, oauth2=False, timeout=30, application_secret=APPLICATION_SECRET):
        monkeypatch.setitem(ovh.client.ENDPOINTS, 'sim', simulator.base_url)
        if oauth2:
            monkeypatch.setitem(ovh.client.OAUTH2_TOKEN_URLS, 'sim', simulator.root + '/auth/oauth2/token')
            monkeypatch.setenv('OAUTHLIB_INSECURE_TRANSPORT', '1')
            client = ovh.Client(endpoint='sim', client_id=CLIENT_ID, client_secret=CLIENT_SECRET, timeout=timeout)
            client._oauth2.session.hooks['response'].append(checker)
        else:
            client = ovh.Client(endpoint='sim', application_key=APPLICATION_KEY, application_secret=application_secret,
                                consumer_key=consumer_key, timeout=timeout)
        client._session.hooks['response'].append(checker)
        return client

    return make


@pytest.fixture
def client(sim, make_client):
    """A python-ovh client of the shared simulator with the all-rights consumer key."""
    return make_client(sim)
