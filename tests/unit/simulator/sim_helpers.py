# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Helpers of the simulator tests: credentials, answer checking, hand-made signed requests, cart steps."""

import glob
import hashlib
import json
import os
import shutil
import subprocess
import time
import urllib.parse

import requests

from ovh_schema_check import check_error_shape

APPLICATION_KEY = 'sim-application-key'
APPLICATION_SECRET = 'sim-application-secret'
CONSUMER_KEY = 'sim-consumer-key'
READONLY_CONSUMER_KEY = 'sim-readonly-consumer-key'
CLIENT_ID = 'sim-client-id'
CLIENT_SECRET = 'sim-client-secret'
API_PREFIXES = ('/1.0', '/v1')


def api_path(url):
    """The API path of a URL (without the /1.0 or /v1 prefix), or ``None`` outside the API."""
    path = urllib.parse.urlsplit(url).path
    for prefix in API_PREFIXES:
        if path.startswith(prefix + '/'):
            return path[len(prefix):]
    return None


class Checker:
    """A ``requests`` response hook: checks every API answer and keeps it.

    Every answer must be JSON, and every error must have OVH's error shape. A 2xx answer is also
    validated against OVHcloud's schema when one is given (``schema`` None: that check is left out,
    and ``schema_checked`` stays 0)."""

    def __init__(self, schema=None):
        self.schema = schema
        self.responses = []
        self.schema_checked = 0

    def __call__(self, response, *args, **kwargs):
        path = api_path(response.url)
        if path is None:
            return response
        self.responses.append(response)
        method = response.request.method
        try:
            body = response.json()
        except ValueError:
            raise AssertionError('%s %s: the answer is not JSON: %r' % (method, path, response.text[:200]))
        if 200 <= response.status_code < 300:
            if self.schema is None:
                return response
            found = self.schema.operation(method, path)
            assert found is not None, '%s %s answered %s but the schema has no such operation' % (method, path, response.status_code)
            template, operation = found
            problems = self.schema.validate(operation['responseType'], body, schema_file=operation['schemaFile'])
            assert not problems, '%s %s (%s, %s) does not match the schema:\n%s' % (
                method, path, template, operation['responseType'], '\n'.join(problems[:20]))
            self.schema_checked += 1
        else:
            problems = check_error_shape(response.status_code, body, response.headers)
            assert not problems, '%s %s: %s' % (method, path, '; '.join(problems))
        return response

    def calls(self):
        return [(response.request.method, api_path(response.url), response.status_code) for response in self.responses]


def sign(method, url, body, timestamp, consumer_key=CONSUMER_KEY, secret=APPLICATION_SECRET):
    text = '+'.join([secret, consumer_key, method, url, body, str(timestamp)])
    return '$1$' + hashlib.sha1(text.encode('utf-8')).hexdigest()


class RawApi:
    """Hand-made requests (signed or not) for the cases python-ovh cannot produce."""

    def __init__(self, sim, checker):
        self.sim = sim
        self.session = requests.Session()
        self.session.hooks['response'].append(checker)

    def server_time(self):
        return self.session.get(self.sim.base_url + '/auth/time', timeout=10).json()

    def call(self, method, path, body=None, query=None, signed=True, consumer_key=CONSUMER_KEY,
             application_key=APPLICATION_KEY, secret=APPLICATION_SECRET, timestamp=None, headers=None, base_url=None):
        url = (base_url or self.sim.base_url) + path
        if query:
            url += '?' + urllib.parse.urlencode(query)
        data = '' if body is None else (body if isinstance(body, str) else json.dumps(body, separators=(',', ':')))
        all_headers = {}
        if data:
            all_headers['Content-Type'] = 'application/json'
        if application_key is not None:
            all_headers['X-Ovh-Application'] = application_key
        if signed:
            now = str(timestamp if timestamp is not None else self.server_time())
            all_headers.update({
                'X-Ovh-Consumer': consumer_key,
                'X-Ovh-Timestamp': now,
                'X-Ovh-Signature': sign(method, url, data, now, consumer_key, secret),
            })
        all_headers.update(headers or {})
        return self.session.request(method, url, data=data.encode('utf-8') if data else None, headers=all_headers, timeout=30)


def control(simulator, method, path, body=None):
    """A control API call that may fail (returns the ``requests`` response)."""
    return requests.request(method, simulator.root + '/_sim/' + path.lstrip('/'), json=body, timeout=30)


def wait_for(predicate, timeout=5.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def new_cart(client, description='test cart', assign=True):
    cart = client.post('/order/cart', ovhSubsidiary='FR', description=description)
    if assign:
        client.post('/order/cart/%s/assign' % cart['cartId'])
    return cart['cartId']


def add_domain(client, cart_id, domain, legal_age=True, **body):
    item = client.post('/order/cart/%s/domain' % cart_id, domain=domain, **body)
    if legal_age:
        configure(client, cart_id, item['itemId'], 'OWNER_LEGAL_AGE', 'true')
    return item


def configure(client, cart_id, item_id, label, value):
    return client.post('/order/cart/%s/item/%d/configuration' % (cart_id, item_id), label=label, value=value)


BERLIN_CONTACT = {
    'firstName': 'Bea', 'lastName': 'Baer', 'email': 'bea@example.org', 'language': 'de_DE', 'legalForm': 'individual',
    'phone': '+49.301234567', 'address': {'line1': 'Unter den Linden 1', 'city': 'Berlin', 'zip': '10117', 'country': 'DE'},
}


def find_python(version):
    """An interpreter of ``version`` (e.g. ``'3.8'``) on this machine, or ``None``."""
    candidates = sorted(glob.glob(os.path.expanduser('~/.pyenv/versions/%s.*/bin/python3' % version)))
    found = shutil.which('python' + version)
    if found:
        candidates.append(found)
    for candidate in candidates:
        try:
            completed = subprocess.run([candidate, '-c', 'import sys; print("%d.%d" % sys.version_info[:2])'],
                                       capture_output=True, text=True, timeout=30, check=False)
        except OSError:
            continue
        if completed.returncode == 0 and completed.stdout.strip() == version:
            return candidate
    return None
