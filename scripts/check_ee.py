# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The `ee` stage of scripts/test.sh: an execution environment built from this collection gets the
collection's Python requirements (requests, idna), and the README's execution-environment examples are
definitions ansible-builder accepts.

    python scripts/check_ee.py [COLLECTION_DIR]

No container engine is needed. `ansible-builder create` only writes the build context: the
Containerfile and `_build/` (the galaxy requirements, the tarball, ansible-builder's scripts). It
does not resolve the collection's Python requirements: in an image build, the `galaxy` stage installs
the collections and the `builder` stage runs `_build/scripts/introspect.py` on them, whose output
`assemble` installs into the final image. This script runs `create`, checks that the Containerfile
still does those two steps, then replays them on this machine with the context's own files, and
fails unless the requirements the introspection writes (what the image would pip-install) name
`requests` and `idna` for ovhcloud.order.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml
from packaging.requirements import Requirement

COLLECTION = 'ovhcloud.order'
BASE_IMAGE = {'name': 'docker.io/redhat/ubi9:latest'}
PYTHON_INTERPRETER = {'package_system': 'python3.12', 'python_path': '/usr/bin/python3.12'}


def run(command, **kwargs):
    print('$ ' + ' '.join(str(part) for part in command), flush=True)
    completed = subprocess.run([str(part) for part in command], capture_output=True, text=True, check=False, **kwargs)
    if completed.returncode != 0:
        sys.stdout.write(completed.stdout[-4000:])
        sys.stderr.write(completed.stderr[-4000:])
        raise SystemExit('FAILED (exit %d): %s' % (completed.returncode, ' '.join(str(part) for part in command)))
    return completed.stdout


def tool(name: str) -> str:
    """The tool of the Python running this script (its virtual environment's bin), else PATH's."""
    candidate = Path(sys.executable).parent / name
    return str(candidate) if candidate.exists() else name


def build_collection(source: Path, dest: Path) -> Path:
    run([tool('ansible-galaxy'), 'collection', 'build', '--force', '--output-path', dest, source])
    [tarball] = dest.glob('ovhcloud-order-*.tar.gz')
    return tarball


def create_context(definition_dir: Path) -> Path:
    context = definition_dir / 'context'
    run([tool('ansible-builder'), 'create', '--file', definition_dir / 'execution-environment.yml',
         '--context', context, '--output-filename', 'Containerfile', '-v', '2'])
    return context


def check_containerfile(context: Path) -> None:
    """The two build steps the replay below stands for are still the ones the image build runs."""
    containerfile = (context / 'Containerfile').read_text()
    steps = {
        'galaxy stage installs the collections of _build/requirements.yml from /build':
            r'WORKDIR /build[\s\S]*ansible-galaxy collection install [^\n]*-r requirements\.yml --collections-path "/usr/share/ansible/collections"',
        'builder stage introspects the installed collections into /tmp/src/requirements.txt':
            r'introspect\.py introspect [^\n]*--write-pip=/tmp/src/requirements\.txt',
        'assemble installs what the introspection wrote':
            r'RUN /output/scripts/assemble',
    }
    for what, pattern in steps.items():
        if not re.search(pattern, containerfile):
            raise SystemExit('FAILED: the Containerfile no longer matches what this check replays (%s):\n%s' % (what, containerfile))
        print('Containerfile: %s' % what)


def introspected_requirements(context: Path, work: Path) -> list:
    """Replay the galaxy and builder stages: install the collections as the Containerfile does
    (working directory _build/, which the image copies to /build), then run the context's
    introspect.py on them. Returns the lines of the requirements file it writes."""
    collections = work / 'usr-share-ansible-collections'
    env = dict(os.environ, ANSIBLE_GALAXY_DISABLE_GPG_VERIFY='1')
    env.pop('ANSIBLE_COLLECTIONS_PATH', None)
    run([tool('ansible-galaxy'), 'collection', 'install', '--offline', '-r', 'requirements.yml',
         '--collections-path', collections], cwd=context / '_build', env=env)
    installed = collections / 'ansible_collections' / 'ovhcloud' / 'order'
    if not (installed / 'MANIFEST.json').is_file():
        raise SystemExit('FAILED: the galaxy requirements did not install %s' % COLLECTION)
    pip_file = work / 'requirements.txt'
    print(run([sys.executable, context / '_build' / 'scripts' / 'introspect.py', 'introspect', collections,
               '--write-pip', pip_file, '--write-bindep', work / 'bindep.txt']))
    return pip_file.read_text().splitlines() if pip_file.exists() else []


REQUIRED = ('requests', 'idna')


def check_requests(lines: list) -> None:
    """The introspected requirements name every package of REQUIRED for ovhcloud.order."""
    found = []
    for line in lines:
        requirement, origin = (line.split('#', 1) + [''])[:2]
        if requirement.strip() and Requirement(requirement.strip()).name.lower() in REQUIRED:
            found.append((requirement.strip(), origin.strip()))
    names = {Requirement(requirement).name.lower() for requirement, origin in found if origin == 'from collection ' + COLLECTION}
    missing = [name for name in REQUIRED if name not in names]
    if missing:
        raise SystemExit('FAILED: the image would not get %s from %s; the introspected requirements are:\n%s'
                         % (', '.join(missing), COLLECTION, '\n'.join(lines) or '(none)'))
    print('the image gets: %s' % ', '.join('%s (%s)' % pair for pair in found))


def write_yaml(path: Path, data) -> None:
    path.write_text('---\n' + yaml.safe_dump(data, sort_keys=False))


def check_tarball_definition(tarball: Path, work: Path) -> None:
    """An execution environment that installs the built tarball through a galaxy requirements file."""
    definition_dir = work / 'from-tarball'
    definition_dir.mkdir()
    shutil.copy(tarball, definition_dir / tarball.name)
    write_yaml(definition_dir / 'requirements.yml', {'collections': [{'name': 'collections/' + tarball.name, 'type': 'file'}]})
    write_yaml(definition_dir / 'execution-environment.yml', {
        'version': 3,
        'images': {'base_image': BASE_IMAGE},
        'dependencies': {
            'python_interpreter': PYTHON_INTERPRETER,
            'ansible_core': {'package_pip': 'ansible-core>=2.19.0,<2.22.0'},
            'ansible_runner': {'package_pip': 'ansible-runner'},
            'galaxy': 'requirements.yml',
        },
        'additional_build_files': [{'src': tarball.name, 'dest': 'collections'}],
    })
    context = create_context(definition_dir)
    written = sorted(str(path.relative_to(context)) for path in context.rglob('*') if path.is_file())
    print('ansible-builder create wrote: %s' % ', '.join(written))
    if (context / '_build' / 'requirements.txt').exists():
        print('_build/requirements.txt (the definition\'s own Python requirements): %r' % (context / '_build' / 'requirements.txt').read_text())
    else:
        print('no _build/requirements.txt: create lists no collection requirement; the image build introspects them')
    check_containerfile(context)
    check_requests(introspected_requirements(context, definition_dir))


def readme_examples(readme: Path) -> list:
    """The YAML blocks of the README's execution-environment section: (definitions, requirements)."""
    text = readme.read_text()
    match = re.search(r'^## Running in AWX or Ansible Automation Platform \(execution environments\)\n(.*?)(?=^## )', text, re.M | re.S)
    if not match:
        raise SystemExit('FAILED: README.md has no section "Running in AWX or Ansible Automation Platform (execution environments)"')
    definitions, requirements = [], []
    for block in re.findall(r'^```yaml\n(.*?)^```', match.group(1), re.M | re.S):
        data = yaml.safe_load(block)
        if isinstance(data, dict) and data.get('version') == 3:
            definitions.append(data)
        elif isinstance(data, dict) and 'collections' in data:
            requirements.append(data)
    if len(definitions) < 2:
        raise SystemExit('FAILED: expected the two execution-environment examples (Galaxy, tarball) in the README, found %d' % len(definitions))
    return definitions, requirements


def check_readme_examples(readme: Path, tarball: Path, work: Path) -> None:
    """ansible-builder accepts each example; the one that installs a tarball also gets requests."""
    definitions, requirements = readme_examples(readme)
    for number, definition in enumerate(definitions, 1):
        definition_dir = work / ('readme-example-%d' % number)
        definition_dir.mkdir()
        for entry in definition.get('additional_build_files', []):
            shutil.copy(tarball, definition_dir / entry['src'])  # the example's tarball name, this build's content
        galaxy = definition['dependencies'].get('galaxy')
        if isinstance(galaxy, str):
            if not requirements:
                raise SystemExit('FAILED: README example %d reads %s, but the README shows no requirements file' % (number, galaxy))
            write_yaml(definition_dir / galaxy, requirements[0])
        write_yaml(definition_dir / 'execution-environment.yml', definition)
        context = create_context(definition_dir)
        installs_file = any(entry.get('type') == 'file' for entry in yaml.safe_load((context / '_build' / 'requirements.yml').read_text())['collections'])
        if installs_file:
            check_requests(introspected_requirements(context, definition_dir))
        print('README example %d: accepted by ansible-builder%s' % (number, ' and gets requests' if installs_file else ''))


def main() -> None:
    source = Path(sys.argv[1] if len(sys.argv) > 1 else '.').resolve()
    work = Path(tempfile.mkdtemp(prefix='ovhcloud-order-ee.'))
    try:
        tarball = build_collection(source, work / 'dist')
        members = run(['tar', 'tzf', tarball]).split()
        for member in ('meta/execution-environment.yml', 'requirements.txt'):
            if member not in members:
                raise SystemExit('FAILED: %s is not in %s (build_ignore in galaxy.yml?)' % (member, tarball.name))
        check_tarball_definition(tarball, work)
        check_readme_examples(source / 'README.md', tarball, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print('execution environment: passed')


if __name__ == '__main__':
    main()
