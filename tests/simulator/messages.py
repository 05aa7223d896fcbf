# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""An HTTP request as received and the response to send, independent of the HTTP server."""

import json
import urllib.parse


class Request:
    """One HTTP request, as received."""

    def __init__(self, method, target, headers, body, scheme='http', default_host='localhost'):
        self.method = method.upper()
        self.target = target
        self.headers = headers
        self.body_bytes = body
        if target.startswith(('http://', 'https://')):
            parsed = urllib.parse.urlsplit(target)
            self.full_url = target
            self.root = '%s://%s' % (parsed.scheme, parsed.netloc)
            target = parsed.path + ('?' + parsed.query if parsed.query else '')
        else:
            host = headers.get('Host') or default_host
            scheme = headers.get('X-Forwarded-Proto') or scheme
            self.root = '%s://%s' % (scheme, host)
            self.full_url = self.root + target
        self.raw_path, dummy, self.query_string = target.partition('?')
        self.query = {}
        for key, value in urllib.parse.parse_qsl(self.query_string, keep_blank_values=True):
            self.query.setdefault(key, value)
        try:
            self.body_text = body.decode('utf-8')
        except UnicodeDecodeError:
            self.body_text = body.decode('latin-1')
        self.json = None
        self.json_error = False
        if self.body_text.strip():
            try:
                self.json = json.loads(self.body_text)
            except ValueError:
                self.json_error = True
        self.path = self.raw_path
        # The credentialId of the consumer key that signed the request, once authenticated.
        self.credential_id = None

    @property
    def authentication(self):
        if self.headers.get('Authorization'):
            return 'bearer'
        if self.headers.get('X-Ovh-Signature') or self.headers.get('X-Ovh-Consumer'):
            return 'signature'
        return 'none'


class Response:
    def __init__(self, status, body=None, headers=None, raw=None, content_type='application/json; charset=utf-8', drop=False):
        self.status = status
        self.body = body
        self.headers = dict(headers or {})
        self.raw = raw
        self.content_type = content_type
        self.drop = drop

    def payload(self):
        if self.raw is not None:
            return self.raw if isinstance(self.raw, bytes) else self.raw.encode('utf-8')
        return json.dumps(self.body).encode('utf-8')
