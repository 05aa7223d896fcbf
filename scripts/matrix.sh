#!/usr/bin/env bash
# The matrix stage of scripts/test.sh: for each ansible-core version of MATRIX (scripts/lib.sh) other
# than the main one (2.19, in .venv), pytest and ansible-test sanity with that version and its Python,
# in a virtual environment of its own, on the collection in the current directory (which must be
# <path>/ansible_collections/ovhcloud/order, as scripts/test.sh lays it out).
#
#   scripts/matrix.sh            every version of MATRIX (2.20 on Python 3.12, 2.21 on Python 3.13)
#   scripts/matrix.sh 2.21       one of them
#
# PYTEST_WORKERS (default 2) is pytest-xdist's -n. Exits non-zero if any step of any version fails.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"

versions=("$@")
if [ ${#versions[@]} -eq 0 ]; then
    for entry in "${MATRIX[@]}"; do versions+=("${entry%%:*}"); done
fi

failed=()
step() { # NAME COMMAND...: run, time and record one step
    local name=$1 start=$SECONDS; shift
    echo "== matrix $name: $*"
    if "$@"; then echo "== matrix $name: passed in $((SECONDS - start)) s"
    else echo "== matrix $name: FAILED after $((SECONDS - start)) s"; failed+=("$name"); fi
}

for version in "${versions[@]}"; do
    start=$SECONDS
    if ! venv=$(ensure_matrix_venv "$version"); then
        failed+=("$version: no virtual environment")
        continue
    fi
    python=$("$venv/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
    core=$("$venv/bin/python" -c 'from ansible.release import __version__; print(__version__)')
    echo "== matrix $version: ansible-core $core on Python $python ($venv, ready in $((SECONDS - start)) s)"
    # ansible-test cannot download its pip bootstrap on a machine that reaches only package registries.
    if [ -d "$REPO_ROOT/../shared/tools" ]; then
        bash "$REPO_ROOT/../shared/tools/ansible-test-offline.sh" "$venv/bin/python"
    fi
    # ansible-test --venv --python X.Y looks for pythonX.Y on PATH: the directory of the venv's base
    # interpreter (a pyenv version's bin) provides it, after the venv's own bin.
    base_bin=$(dirname "$("$venv/bin/python" -c 'import os, sys; print(os.path.realpath(sys._base_executable))')")
    saved_path=$PATH
    export PATH="$venv/bin:$base_bin:$PATH"
    step "$version pytest" python -m pytest -p no:cacheprovider -q -rs -n "${PYTEST_WORKERS:-2}" tests/unit tests/modules tests/integration
    step "$version sanity" ansible-test sanity --venv --python "$python" --color no
    export PATH=$saved_path
done

if [ ${#failed[@]} -gt 0 ]; then
    echo "== matrix FAILED: ${failed[*]}"
    exit 1
fi
echo "== matrix passed: ${versions[*]}"
