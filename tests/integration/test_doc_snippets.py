# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every console, bash and YAML block of README.md, the role's README and docs/docsite runs as
written, against the simulator, the way a reader goes through the page (``doc_snippets.py`` reads the
blocks and their markers). A block that is not meant to run says so in its marker and is listed here
under its name, its syntax checked; the access rules of the guide run in test_least_privilege.py.

How a page is read:

- A page is one shell session (bash), in order: what a block exports, the files it writes and the
  simulators it starts are there for the next blocks. The README is one session per ``##`` section
  (its sections are separate topics); they share its working directory, a copy of the checkout,
  where ``make demo`` would have left ``.venv-demo`` (here: this test's Python) and
  ``.venv-demo/collections``. The guides and the role's README start in an empty directory.
- Every session starts as a reader's machine would be: ``python3``, ``ansible-playbook`` and
  ``ansible-galaxy`` of this test's environment on ``PATH`` (pip without an index: nothing is
  installed), the collection installed in ``~/.ansible/collections`` (a temporary ``HOME``), and
  credentials in the ``OVH_*`` variables (and ``MY_OVH_AK``); a page that sets its own overrides them.
- OVHcloud is played by a simulator started by this test with ``--instant-delivery`` (a paid order is
  delivered when paid: the role's 30 s polls end at the first). To point the blocks at it, and only
  there, the text is changed before it runs: ``ovh-eu`` as an endpoint and
  ``https://eu.api.ovh.com/1.0`` become its URL, ``...`` as the value of an ``OVH_*`` variable and
  ``<your application key>`` become its credentials, and the order number ``123456789`` becomes the
  account's last order. The ``vault_*`` variables of a playbook come from a file standing for the
  reader's vault. Files a page tells the reader to save come from the page (``(file: NAME)``
  markers; ``rules.json``, the first access rules of the first-order guide).
- A console line ``$ python3 .../tests/simulator ...`` followed by its ``listening on`` line is a
  simulator the reader starts in another terminal: it runs in the background (stopped with its
  session), and the URL it prints replaces ``http://127.0.0.1:41234`` in the commands after it
  (before any, that URL stands for the stand-in).
- A page about domains the account holds (renewals) starts with the stand-in holding them:
  ``example.com``, ``example.fr``, ``example.net`` expiring within 30 days, ``summer-sale-2024.com``.
- A YAML playbook runs with ``ansible-playbook -i localhost,`` (the README's tip to silence the
  inventory warning, with which a play lacking ``connection: local`` would use SSH); YAML role variables run with the
  shipped playbook in check mode, over a minimal variables file (a name of their own, a price limit,
  the legal age); a ``(file: NAME)`` block is saved as NAME.

What reached the OVHcloud stand-in is then checked from its request log and state."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from doc_snippets import DOCUMENTS, REPO_ROOT, access_rule_sets, snippets

from ansible_collections.ovhcloud.order.plugins.module_utils._config import resolve_settings

VENV_BIN = Path(sys.executable).parent
VAULT = {'vault_ovh_application_key': 'sim-application-key', 'vault_ovh_application_secret': 'sim-application-secret',
         'vault_ovh_consumer_key': 'sim-consumer-key', 'vault_example_net_auth_info': 'SIM-AUTH-OK',
         'vault_protected_shop_code': 'SIM-PROTECTED-OK'}
CREDENTIALS = {'OVH_APPLICATION_KEY': 'sim-application-key', 'OVH_APPLICATION_SECRET': 'sim-application-secret',
               'OVH_CONSUMER_KEY': 'sim-consumer-key'}
SIM_EXAMPLE_ROOT = 'http://127.0.0.1:41234'
# Where a page's session starts, and whether the README's ## sections are sessions of their own.
CHECKOUT_PAGES = ('README.md',)
# Blocks a reader runs twice on purpose: the README says its install commands can be run again.
RUN_TWICE = ('installing',)
COPY_IGNORE = shutil.ignore_patterns('.git', '.venv', '.venv-*', '__pycache__', '.pytest_cache', '.cache', '.ansible', '.bench',
                                     'tests/output', '*.tar.gz', '.build')

PRELUDE = r'''
set -u -o pipefail
doc_fail() { echo "::failed $1: exit $2"; exit 1; }
doc_wait_simulator() {  # FILE: the simulator's first line, its URL, in DOC_SIM_ROOT
    local line
    for _ in $(seq 1 400); do
        line=$(head -n 1 "$1" 2>/dev/null || true)
        case "$line" in *"listening on "*) DOC_SIM_ROOT=${line##* }; DOC_SIM_ROOT=${DOC_SIM_ROOT%/1.0}; return 0 ;; esac
        sleep 0.05
    done
    echo "the simulator did not start: $(cat "$1")" >&2
    return 1
}
doc_control() {  # METHOD URL [FILE]: a call of a simulator's control API (the answer in FILE)
    python3 - "$@" <<'PY'
import sys, urllib.request
with urllib.request.urlopen(urllib.request.Request(sys.argv[2], method=sys.argv[1]), timeout=30) as answer:
    body = answer.read()
if len(sys.argv) > 3:
    open(sys.argv[3], 'wb').write(body)
PY
}
doc_last_order() {  # the account's last order on the simulator of OVH_ENDPOINT
    python3 - "${OVH_ENDPOINT%/1.0}/_sim/state" <<'PY'
import json, sys, urllib.request
with urllib.request.urlopen(sys.argv[1], timeout=30) as answer:
    print(json.load(answer)['orders'][-1]['orderId'])
PY
}
doc_seed() {  # JSON: the account's domains on the OVHcloud stand-in (POST /_sim/portfolio)
    python3 - "$DOC_STANDIN/_sim/portfolio" "$1" <<'PY'
import sys, urllib.request
request = urllib.request.Request(sys.argv[1], data=sys.argv[2].encode(), method='POST', headers={'Content-Type': 'application/json'})
urllib.request.urlopen(request, timeout=30).read()
PY
}
doc_section_end() {  # NAME: what reached the OVHcloud stand-in, saved for the test; then a fresh one
    doc_control GET "$DOC_STANDIN/_sim/requests" "$DOC_TMP/$1.requests.json" &&
    doc_control GET "$DOC_STANDIN/_sim/state" "$DOC_TMP/$1.state.json" &&
    doc_control POST "$DOC_STANDIN/_sim/reset"
}
'''


def _substitute(text: str, standin_api: str) -> str:
    text = text.replace('https://eu.api.ovh.com/1.0', standin_api)
    text = re.sub(r'\bOVH_ENDPOINT=ovh-eu\b', 'OVH_ENDPOINT=' + standin_api, text)
    text = re.sub(r'\bendpoint: ovh-eu\b', 'endpoint: ' + standin_api, text)
    text = re.sub(r'\b(OVH_[A-Z_]+)=\.\.\.', lambda match: '%s=%s' % (match.group(1), CREDENTIALS[match.group(1)]), text)
    text = text.replace('<your application key>', 'sim-application-key')
    text = text.replace('order_id=123456789', 'order_id=$(doc_last_order)')
    return text.replace(SIM_EXAMPLE_ROOT, '${DOC_SIM_ROOT}')


def console_commands(text: str) -> list:
    """The commands of a console block: ``(command, starts a simulator)``; output and comment lines are
    left out, a command goes on over lines ending with ``\\`` and over an open quote."""
    lines, commands, index = text.splitlines(), [], 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if not line.startswith('$ '):
            continue
        command = line[2:]
        while index < len(lines):
            try:
                complete = not command.rstrip().endswith('\\') and shlex.split(command, comments=True) is not None
            except ValueError:
                complete = False
            if complete:
                break
            command += '\n' + lines[index]
            index += 1
        following = lines[index] if index < len(lines) else ''
        commands.append((command, 'tests/simulator' in command and 'listening on' in following))
    return commands


# The shipped playbook that takes a role's variables, and what a variables file holds besides a block's.
ROLE_PLAYBOOKS = {
    'domain_order_': ('ovhcloud.order.order_domain', lambda name: {'domain_order_domains': [{'name': '%s.com' % name}],
                                                                   'domain_order_max_price': 40, 'domain_order_owner_legal_age': True}),
    'domain_renew_': ('ovhcloud.order.renew_domains', lambda name: {}),
}
# What a page (or a README section) presumes of the account: the domains it holds.
PORTFOLIO = {'domains': [{'domain': 'example.com', 'expiresInDays': 12, 'renewal': 'manual'},
                         {'domain': 'example.fr', 'expiresInDays': 20, 'renewal': 'automatic'},
                         {'domain': 'example.net', 'expiresInDays': 25, 'renewal': 'manual'},
                         {'domain': 'summer-sale-2024.com', 'expiresInDays': 200, 'renewal': 'automatic'}]}
ACCOUNT_HOLDS = {'docs/docsite/rst/guide_renewals.rst': PORTFOLIO, 'roles/domain_renew/README.md': PORTFOLIO,
                 ('README.md', 'after-the-order-renewals-and-the-portfolio'): PORTFOLIO}


def _kind_of_yaml(data) -> str:
    if isinstance(data, list) and data and isinstance(data[0], dict) and 'hosts' in data[0]:
        return 'playbook'
    for prefix in ROLE_PLAYBOOKS:
        if isinstance(data, dict) and data and all(str(key).startswith(prefix) for key in data):
            return prefix
    return 'other'


class Page:
    """The bash script of one page, and the files its blocks need."""

    def __init__(self, document: str, tmp: Path, standin_api: str):
        self.document = document
        self.tmp = tmp
        self.standin_api = standin_api
        self.lines = [PRELUDE]
        self.ran, self.sections = [], []
        self.simulators = 0

    def emit(self, snippet_id: str, command: str) -> None:
        self.lines.append('echo "== $(date +%%s.%%N | cut -c1-14) "%s' % shlex.quote('%s $ %s' % (snippet_id, command.splitlines()[0])))
        self.lines.append(command)
        self.lines.append('doc_rc=$?; [ "$doc_rc" -eq 0 ] || doc_fail %s "$doc_rc"' % shlex.quote(snippet_id))

    def add(self, snippet) -> None:
        text = _substitute(snippet.text, self.standin_api)
        if snippet.language == 'console':
            for command, starts_simulator in console_commands(text):
                if starts_simulator:
                    self.simulators += 1
                    out = '"$DOC_TMP/simulator-%d.out"' % self.simulators
                    command = '%s --exit-with-parent > %s 2>&1 &\ndoc_wait_simulator %s' % (command, out, out)
                self.emit(snippet.id, command)
        elif snippet.language == 'bash':
            script = self.tmp / ('%s.sh' % snippet.name)
            script.write_text(text)
            self.emit(snippet.id, 'bash %s' % shlex.quote(str(script)))
        elif snippet.language == 'yaml':
            data = yaml.safe_load(snippet.text)
            path = self.tmp / ('%s.yml' % snippet.name)
            path.write_text(text)
            if snippet.file:
                self.emit(snippet.id, 'cp %s %s' % (shlex.quote(str(path)), shlex.quote(snippet.file)))
            elif _kind_of_yaml(data) == 'playbook':
                self.emit(snippet.id, 'ansible-playbook -i localhost, %s -e @"$DOC_TMP/vault.yml"' % shlex.quote(str(path)))
            elif _kind_of_yaml(data) in ROLE_PLAYBOOKS:
                playbook, rest = ROLE_PLAYBOOKS[_kind_of_yaml(data)]
                base = self.tmp / ('%s.base.yml' % snippet.name)
                base.write_text(yaml.safe_dump(rest(snippet.name)))
                self.emit(snippet.id, 'ansible-playbook %s -e @%s -e @"$DOC_TMP/vault.yml" -e @%s --check'
                          % (playbook, shlex.quote(str(base)), shlex.quote(str(path))))
            else:
                raise AssertionError('%s: a YAML block that is neither a playbook, role variables nor a file to save: mark it' % snippet.id)
        else:
            raise AssertionError('%s: no way to run a %s block: mark it (not run: why)' % (snippet.id, snippet.language))
        self.ran.append(snippet.id)

    def end_section(self, name: str) -> None:
        self.lines.append('doc_section_end %s || doc_fail %s $?' % (shlex.quote(name), shlex.quote(name)))
        self.sections.append(name)


def _runnable(snippet) -> bool:
    return not snippet.not_run and snippet.kind != 'access-rules'


def _section_of(document: str, line: int) -> str:
    text = (REPO_ROOT / document).read_text(encoding='utf-8').splitlines()[:line]
    headings = [entry[3:].strip() for entry in text if entry.startswith('## ')]
    return re.sub(r'\W+', '-', headings[-1]).strip('-').lower() if headings else 'top'


@pytest.fixture(scope='module')
def pristine(tmp_path_factory):
    """A copy of the checkout, and the collection built from it."""
    root = tmp_path_factory.mktemp('docs')
    checkout = root / 'checkout'
    shutil.copytree(REPO_ROOT, checkout, ignore=COPY_IGNORE, symlinks=True)
    subprocess.run([str(VENV_BIN / 'ansible-galaxy'), 'collection', 'build', '--force', '--output-path', str(root), str(checkout)],
                   check=True, capture_output=True, text=True)
    [tarball] = root.glob('ovhcloud-order-*.tar.gz')
    return checkout, tarball


def _environment(home: Path, standin_api: str) -> dict:
    environ = {name: value for name, value in os.environ.items()
               if not name.startswith(('OVH_', 'ANSIBLE_', 'PIP_', 'PYTHON')) and name not in ('VIRTUAL_ENV',)}
    environ.update(CREDENTIALS, OVH_ENDPOINT=standin_api, MY_OVH_AK='sim-application-key', HOME=str(home),
                   PATH=os.pathsep.join([str(VENV_BIN), os.environ.get('PATH', '')]), PIP_NO_INDEX='1',
                   PIP_DISABLE_PIP_VERSION_CHECK='1', ANSIBLE_NOCOLOR='1', ANSIBLE_FORCE_COLOR='0')
    return environ


def run_page(document: str, tmp: Path, pristine, standin) -> dict:
    """Run a page's blocks in order; returns, per section, what reached the stand-in."""
    checkout, tarball = pristine
    home, work = tmp / 'home', tmp / 'work'
    home.mkdir()
    environ = _environment(home, standin.base_url)
    subprocess.run([str(VENV_BIN / 'ansible-galaxy'), 'collection', 'install', '--force', str(tarball)],
                   check=True, capture_output=True, text=True, env=environ)
    if document in CHECKOUT_PAGES:
        shutil.copytree(checkout, work, symlinks=True)
        demo = work / '.venv-demo'  # what make demo leaves: a virtual environment, and the checkout as a collection
        demo.mkdir()
        for name in ('bin', 'lib', 'lib64', 'include', 'pyvenv.cfg'):
            if (Path(sys.prefix) / name).exists():
                (demo / name).symlink_to(Path(sys.prefix) / name)
        (demo / 'collections' / 'ansible_collections' / 'ovhcloud').mkdir(parents=True)
        (demo / 'collections' / 'ansible_collections' / 'ovhcloud' / 'order').symlink_to(work, target_is_directory=True)
    else:
        work.mkdir()
    (tmp / 'vault.yml').write_text(yaml.safe_dump(VAULT))
    rules = access_rule_sets()['order']
    (work / 'rules.json').write_text(json.dumps({'accessRules': [{'method': m, 'path': p} for m, p in rules], 'redirection': None}))
    if document == 'docs/docsite/rst/guide_simulator.rst':
        [my_order] = [s for s in snippets('docs/docsite/rst/guide_first_order.rst') if s.file == 'my-order.yml']
        (work / 'my-order.yml').write_text(my_order.text)
    page = Page(document, tmp, standin.base_url)
    exports = (shlex.quote(str(tmp)), shlex.quote(standin.root), shlex.quote(standin.root))
    page.lines.append('export DOC_TMP=%s DOC_STANDIN=%s DOC_SIM_ROOT=%s' % exports)
    page.lines.append('cd %s' % shlex.quote(str(work)))
    by_section = document in CHECKOUT_PAGES
    current = None
    for snippet in snippets(document):
        if not _runnable(snippet):
            continue
        section = _section_of(document, snippet.line) if by_section else 'page'
        if section != current:
            if current is not None:
                page.lines.append(')')
                page.end_section(current)
            page.lines.append('(')
            page.lines.append("trap 'kill $(jobs -p) 2>/dev/null; wait 2>/dev/null' EXIT")
            holds = ACCOUNT_HOLDS.get((document, section)) or ACCOUNT_HOLDS.get(document)
            if holds:
                page.lines.append('doc_seed %s || doc_fail %s $?' % (shlex.quote(json.dumps(holds)), shlex.quote(section)))
            current = section
        page.add(snippet)
        if snippet.name in RUN_TWICE:
            page.add(snippet)
    page.lines.append(')')
    page.end_section(current)
    script = tmp / 'page.sh'
    script.write_text('\n'.join(page.lines) + '\n')
    process = subprocess.Popen(['bash', str(script)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=environ,
                               cwd=str(work), start_new_session=True)
    try:
        output = process.communicate(timeout=900)[0]
    finally:
        try:
            os.killpg(process.pid, signal.SIGKILL)  # whatever the page started and left behind
        except ProcessLookupError:
            pass
    (tmp / 'page.log').write_text(output)
    failed = re.findall(r'^::failed (.*)$', output, re.M)
    assert process.returncode == 0 and not failed, 'the blocks of %s stopped at %s:\n%s' % (document, failed, output[-8000:])
    seen = {}
    for section in page.sections:
        seen[section] = {'requests': json.loads((tmp / ('%s.requests.json' % section)).read_text()),
                         'state': json.loads((tmp / ('%s.state.json' % section)).read_text())}
    seen['ran'] = page.ran
    return seen


def _calls(seen) -> list:
    return ['%s %s' % (entry['method'], entry['path']) for entry in seen['requests']]


@pytest.fixture
def standin(start_simulator):
    """OVHcloud, as the pages' readers see it: a simulator that delivers a paid order at once."""
    return start_simulator('--instant-delivery')


def test_the_readme_runs_as_written(tmp_path, pristine, standin):
    seen = run_page('README.md', tmp_path, pristine, standin)
    assert set(seen['ran']) == {snippet.name for snippet in snippets('README.md') if _runnable(snippet)}
    many = seen['content']['state']
    [cart] = [cart for cart in many['carts'] if cart['description'] == 'three domains in one cart']
    labels = {item['domain']: sorted(entry['label'] for entry in item['configurations']) for item in cart['items']}
    assert labels == {'example.com': ['OWNER_LEGAL_AGE'], 'example.fr': ['DNS', 'OWNER_LEGAL_AGE'], 'example.net': ['OWNER_LEGAL_AGE']}
    credentials = seen['credentials']
    assert any(entry['path'].endswith('/domain') and entry['query'] == {'domain': 'example.com'} for entry in credentials['requests'])
    assert {entry['credentialId'] for entry in credentials['requests'] if entry['authentication'] == 'signature'} == {424201}
    real = seen['ordering-a-real-domain']
    [order] = real['state']['orders']
    assert sorted(order['domains']) == ['example.com', 'example.fr'] and order['status'] == 'notPaid'
    checked = [entry['query']['domain'] for entry in real['requests'] if entry['path'] == '/domain/configurationRule/check']
    assert sorted(set(checked)) == ['example.berlin', 'owner-company.com', 'owner-person.com']
    assert real['state']['contacts'] == []  # check mode creates no contact
    assert seen['the-ovh-api-simulator']['requests'] == []  # the README's own simulator took those calls
    installed = seen['running-from-an-installed-collection']
    assert [sorted(order['domains']) for order in installed['state']['orders']] == [['example.com', 'example.fr']]


def test_the_roles_readme_runs_as_written(tmp_path, pristine, standin):
    seen = run_page('roles/domain_order/README.md', tmp_path, pristine, standin)['page']
    [order, planned] = seen['state']['orders']
    assert sorted(order['domains']) == ['example.com', 'example.fr'] and order['status'] == 'delivered'
    # The plan section: checked with a plan file, then applied: one order, as planned.
    assert planned['domains'] == ['example-plan.com']
    offers = {entry['query'].get('domain') for entry in seen['requests'] if entry['path'].endswith('/domain') and entry['method'] == 'GET'}
    assert {'claims-shop.com', 'protected-shop.com'} <= offers


def test_the_first_order_guide_runs_as_written(tmp_path, pristine, standin):
    seen = run_page('docs/docsite/rst/guide_first_order.rst', tmp_path, pristine, standin)['page']
    [credential] = seen['state']['credentials']
    assert credential['status'] == 'pendingValidation'
    assert [(rule['method'], rule['path']) for rule in credential['rules']] == access_rule_sets()['order']
    [order] = seen['state']['orders']
    assert sorted(order['domains']) == ['my-new-shop.com', 'my-new-shop.fr'] and order['status'] == 'delivered'
    assert order['autoPayWithPreferredPaymentMethod'] and order['waiveRetractationPeriod']
    assert _calls(seen).count('POST /order/cart/%s/checkout' % order['cartId']) == 1


def test_the_renewal_guide_runs_as_written(tmp_path, pristine, standin):
    seen = run_page('docs/docsite/rst/guide_renewals.rst', tmp_path, pristine, standin)['page']
    settings = {entry['path'].split('/')[2]: entry['body'] for entry in seen['requests'] if entry['method'] == 'PUT'}
    assert settings['summer-sale-2024.com']['renew']['deleteAtExpiration'] is True
    [renewal] = seen['state']['orders']
    assert sorted(renewal['domains']) == ['example.com', 'example.net']
    assert _calls(seen).count('POST /order/cart/%s/checkout' % renewal['cartId']) == 1


def test_the_renewal_roles_readme_runs_as_written(tmp_path, pristine, standin):
    seen = run_page('roles/domain_renew/README.md', tmp_path, pristine, standin)['page']
    [renewal] = seen['state']['orders']
    assert sorted(renewal['domains']) == ['example.com', 'example.fr', 'example.net']


def test_the_simulator_guide_runs_as_written(tmp_path, pristine, standin):
    seen = run_page('docs/docsite/rst/guide_simulator.rst', tmp_path, pristine, standin)['page']
    assert seen['requests'] == []  # every call went to the simulators the guide starts


@pytest.mark.parametrize('snippet', [snippet for document in DOCUMENTS for snippet in snippets(document) if snippet.not_run],
                         ids=lambda snippet: '%s:%s' % (snippet.document, snippet.name))
def test_a_block_not_meant_to_run_says_why_and_reads_right(snippet, tmp_path):
    assert len(snippet.not_run) > 10
    if snippet.language == 'yaml':
        assert yaml.safe_load(snippet.text)
    elif snippet.language == 'ini':  # the README's ovh.conf, read as the modules read it
        (tmp_path / 'ovh.conf').write_text(snippet.text)
        settings = resolve_settings(environ={}, cwd=str(tmp_path), home=str(tmp_path / 'nowhere'),
                                    system_config_file=str(tmp_path / 'none.conf'))
        assert (settings.endpoint, settings.application_key, settings.consumer_key) == ('ovh-eu', 'my_app_key', 'my_consumer_key')
    elif snippet.language == 'console':
        assert console_commands(snippet.text)


def test_every_block_is_named_and_every_name_is_unique():
    for document in DOCUMENTS:
        found = snippets(document)
        unnamed = [snippet.id for snippet in found if not snippet.name]
        assert unnamed == [], '%s: blocks without a marker (name them, or say why they do not run): %s' % (document, unnamed)
        names = [snippet.name for snippet in found]
        assert len(names) == len(set(names)), '%s: a name is used twice' % document
