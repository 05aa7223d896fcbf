# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# PRIVATE to the ovhcloud.order collection: no compatibility promise to other collections.
"""The domains the account holds, through the API: one function per endpoint of ``/domain`` (the
list, a domain's state, its renewal settings) and ``/me/task/domain`` (the registry tasks).

Part of the resource layer (with ``_cart``, ``_order`` and ``_contact``): the answers are returned
as the API gives them, errors as the client raises them. ``_domain`` stays pure (names only).
"""

from __future__ import annotations

from ansible_collections.ovhcloud.order.plugins.module_utils._client import api_path


def list_domains(client):
    """``GET /domain``: the names of the account's domains, as answered (None for an empty answer)."""
    return client.get('/domain')


def get_domain(client, name: str):
    """``GET /domain/{name}``: the domain's state (``domain.Domain``); ``OvhNotFoundError`` when not held."""
    return client.get(api_path('/domain/{}', name))


def get_service_infos(client, name: str):
    """``GET /domain/{name}/serviceInfos``: expiry and renewal settings (``services.Service``)."""
    return client.get(api_path('/domain/{}/serviceInfos', name))


def update_service_infos(client, name: str, changes: dict):
    """``PUT /domain/{name}/serviceInfos`` with the renewal settings that change."""
    return client.put(api_path('/domain/{}/serviceInfos', name), body=changes)


def list_domain_tasks(client, status: str):
    """``GET /me/task/domain?status=``: the ids of the account's domain tasks in that status."""
    return client.get('/me/task/domain', query={'status': status})


def get_domain_task(client, task_id):
    """``GET /me/task/domain/{id}``: one domain task."""
    return client.get(api_path('/me/task/domain/{}', task_id))
