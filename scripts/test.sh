#!/usr/bin/env bash
# Runs every test of the collection: pytest (client, simulator, modules, playbooks, role),
# ansible-test sanity, ansible-lint (production profile), the changelog and documentation linters,
# the execution-environment check, galaxy-importer, the ansible-core 2.20/2.21 matrix and molecule.
# Exits non-zero on any failure; prints how long each stage took.
#
#   scripts/test.sh            everything
#   scripts/test.sh pytest     one stage (pytest, units, sanity, lint, changelog, docs, ee, importer,
#                              matrix, molecule), or several
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"

stages=("$@")
[ ${#stages[@]} -gt 0 ] || stages=(pytest units sanity lint changelog docs ee importer matrix molecule)

ensure_venv
export PATH="$VENV/bin:$PATH"

build=$(mktemp -d "${TMPDIR:-/tmp}/ovhcloud-order-test.XXXXXX")
trap 'rm -rf "$build"' EXIT
collection=$(layout_collection "$build")
export ANSIBLE_COLLECTIONS_PATH="$build"
# The tests read OVH's published schema from ../shared beside the checkout, when it is there.
if [ -d "$REPO_ROOT/../shared/ovh-api-schema" ]; then
    OVHCLOUD_ORDER_SHARED_DIR=$(cd "$REPO_ROOT/../shared" && pwd)
    export OVHCLOUD_ORDER_SHARED_DIR
fi
cd "$collection"
echo "== collection laid out at $collection"

failed=()
timings=()
run_stage() {
    local name=$1 start=$SECONDS outcome; shift
    echo "== $name: $*"
    if "$@"; then outcome=passed; else outcome=FAILED; failed+=("$name"); fi
    timings+=("$(printf '%-13s %-7s %5d s' "$name" "$outcome" $((SECONDS - start)))")
    echo "== $name: $outcome in $((SECONDS - start)) s"
}

# The unit tests as ansible-test runs them (each test in a fork), then no simulator left behind.
units_through_ansible_test() {
    # The tests look for OVHcloud's schema in ../shared beside the collection: put it there for this run.
    local shared="$build/ansible_collections/ovhcloud/shared" outcome=0
    [ -z "${OVHCLOUD_ORDER_SHARED_DIR:-}" ] || ln -sfn "$OVHCLOUD_ORDER_SHARED_DIR" "$shared"
    ansible-test units --venv --python 3.11 --color no || outcome=1
    rm -f "$shared"
    [ "$outcome" = 0 ] || return 1
    if pgrep -af "$collection/tests/simulator"; then
        echo "simulators started by the unit tests are still running (above)" >&2
        return 1
    fi
}

for stage in "${stages[@]}"; do
    case "$stage" in
        pytest)
            # pytest-xdist: PYTEST_WORKERS processes (default 2), each with its own session simulator.
            run_stage pytest python -m pytest -p no:cacheprovider -q -rs -n "${PYTEST_WORKERS:-2}" tests/unit tests/modules tests/integration ;;
        units)
            run_stage units units_through_ansible_test ;;
        sanity)
            # --venv: no docker here; ansible-test builds its own environments per test.
            run_stage sanity ansible-test sanity --venv --python 3.11 --color no ;;
        lint)
            run_stage ansible-lint ansible-lint --profile production --offline ;;
        changelog)
            run_stage changelog antsibull-changelog lint ;;
        docs)
            # The module and role documentation as docs.ansible.com renders it, and docs/docsite.
            run_stage docs antsibull-docs lint-collection-docs --plugin-docs --check-extra-docs-refs . ;;
        ee)
            # An execution environment built from the tarball gets requests (scripts/check_ee.py).
            run_stage ee python "$REPO_ROOT/scripts/check_ee.py" . ;;
        importer)
            run_stage importer bash "$REPO_ROOT/scripts/galaxy-importer.sh" . ;;
        matrix)
            # pytest and ansible-test sanity with ansible-core 2.20 (Python 3.12) and 2.21 (Python 3.13).
            run_stage matrix bash "$REPO_ROOT/scripts/matrix.sh" ;;
        molecule)
            run_stage molecule bash -c 'cd extensions && molecule test --all' ;;
        *)
            echo "unknown stage: $stage" >&2; exit 2 ;;
    esac
done

echo "== time per stage:"
printf '   %s\n' "${timings[@]}"
if [ ${#failed[@]} -gt 0 ]; then
    echo "FAILED stages: ${failed[*]}"
    exit 1
fi
echo "all stages passed: ${stages[*]}"
