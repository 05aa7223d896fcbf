#!/usr/bin/env bash
# The README's first command (`make demo`): order two domain names, paid at checkout, from the OVH
# API simulator with playbooks/order_domain.yml, showing the progress, the prices and the order ids;
# then run the same playbook again and show that nothing changes (no POST, PUT or DELETE reaches
# the API). Needs nothing but Python 3: a small virtual environment, $DEMO_VENV (.venv-demo), is made on
# the first run from requirements/runtime.txt (ansible-core and requests: what the collection needs to
# run, not the test toolchain of .venv). The order is playbooks/vars/demo.yml; at the end the script
# prints the commands that run it again. Exits non-zero on any failure; the simulator is always stopped.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

DEMO_VENV=${OVHCLOUD_ORDER_DEMO_VENV:-$REPO_ROOT/.venv-demo}
ensure_venv "$DEMO_VENV" "$REPO_ROOT/requirements/runtime.txt" "$PYTHON"
PY="$DEMO_VENV/bin/python"
# The collection as Ansible looks for it, <path>/ansible_collections/ovhcloud/order -> this checkout:
# kept in the demo's virtual environment, so that the printed commands work after the demo too.
COLLECTIONS="$DEMO_VENV/collections"
mkdir -p "$COLLECTIONS/ansible_collections/ovhcloud"
ln -sfn "$REPO_ROOT" "$COLLECTIONS/ansible_collections/ovhcloud/order"
ORDER=playbooks/vars/demo.yml

work=$(mktemp -d "${TMPDIR:-/tmp}/ovhcloud-order-demo.XXXXXX")
sim_pid=""
stop_simulator() {
    if [ -n "$sim_pid" ] && kill -0 "$sim_pid" 2>/dev/null; then
        kill "$sim_pid" 2>/dev/null || true
        wait "$sim_pid" 2>/dev/null || true
    fi
    sim_pid=""
}
finish() {
    local rc=$?
    stop_simulator
    if [ "$rc" -ne 0 ]; then
        echo "== demo FAILED (exit $rc); simulator log:" >&2
        tail -n 20 "$work/simulator.err" >&2 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap finish EXIT

step() { printf '\n== %s\n' "$*"; }
fail() { echo "== demo FAILED: $*" >&2; exit 1; }

step "starting the OVH API simulator (tests/simulator) on a free loopback port"
# --advance-on-poll: a paid order moves one step (checking, delivering, delivered) each time its
# status is read, so the role's wait for delivery ends by itself.
"$PY" "$REPO_ROOT/tests/simulator" --host 127.0.0.1 --port 0 --advance-on-poll \
    >"$work/simulator.out" 2>"$work/simulator.err" </dev/null &
sim_pid=$!
first_line=""
for _ in $(seq 1 150); do
    first_line=$(head -n 1 "$work/simulator.out" 2>/dev/null || true)
    case "$first_line" in *listening\ on\ *) break ;; esac
    kill -0 "$sim_pid" 2>/dev/null || fail "the simulator exited: $(cat "$work/simulator.err")"
    sleep 0.1
done
case "$first_line" in *listening\ on\ *) ;; *) fail "the simulator did not start in 15 s" ;; esac
endpoint=${first_line##* }
sim_root=${endpoint%/1.0}
echo "$first_line"

# The simulator's control API (not part of the OVH API): its request log.
sim_control() { # METHOD PATH -> JSON on stdout
    "$PY" - "$1" "$sim_root/_sim/$2" <<'PY'
import sys, urllib.request
request = urllib.request.Request(sys.argv[2], method=sys.argv[1])
with urllib.request.urlopen(request, timeout=30) as response:
    sys.stdout.write(response.read().decode() or 'null')
PY
}

# Credentials as a user gives them: the python-ovh environment variables. These are the simulator's.
export OVH_ENDPOINT="$endpoint"
export OVH_APPLICATION_KEY=sim-application-key
export OVH_APPLICATION_SECRET=sim-application-secret
export OVH_CONSUMER_KEY=sim-consumer-key
export ANSIBLE_COLLECTIONS_PATH="$COLLECTIONS"
export ANSIBLE_LOCAL_TEMP="$work/ansible-tmp"
export ANSIBLE_LOCALHOST_WARNING=false
export ANSIBLE_INVENTORY_UNPARSED_WARNING=false
export ANSIBLE_RETRY_FILES_ENABLED=false
export ANSIBLE_FORCE_COLOR=${ANSIBLE_FORCE_COLOR:-false}
export ANSIBLE_STDOUT_CALLBACK=ansible.builtin.default
unset ANSIBLE_CONFIG

run_playbook() { # LOGFILE -> runs the playbook, output shown and kept
    local log=$1 rc=0
    (cd "$REPO_ROOT" && "$DEMO_VENV/bin/ansible-playbook" playbooks/order_domain.yml -e "@$ORDER") 2>&1 | tee "$log" || rc=$?
    [ "$rc" -eq 0 ] || fail "ansible-playbook exited with $rc"
}

step "1st run: ansible-playbook playbooks/order_domain.yml -e @$ORDER  (orders, pays, waits for delivery)"
run_playbook "$work/run1.log"
grep -Eq 'localhost +: ok=[0-9]+ +changed=[1-9]' "$work/run1.log" || fail "the first run changed nothing"
grep -Eq 'my-demo-shop\.com +delivered +order [0-9]+' "$work/run1.log" || fail "my-demo-shop.com is not reported delivered"
grep -Eq 'my-demo-shop\.fr +delivered +order [0-9]+' "$work/run1.log" || fail "my-demo-shop.fr is not reported delivered"

echo
echo "What the simulator holds now (GET /_sim/state):"
sim_control GET state | "$PY" -c '
import json, sys
state = json.load(sys.stdin)
for order in state["orders"]:
    print("  order %s  %-10s  %s  %.2f EUR with tax" % (order["orderId"], order["status"], ", ".join(order["domains"]), order["prices"].get("withTax", 0)))
print("  domains in the account: %s" % ", ".join(record["domain"] for record in state["domains"]))'

step "2nd run: the same command again (nothing to do: no cart, no order, no write)"
sim_control DELETE requests >/dev/null
run_playbook "$work/run2.log"
grep -Eq 'localhost +: ok=[0-9]+ +changed=0 +unreachable=0 +failed=0' "$work/run2.log" || fail "the second run is not changed=0"
writes=$(sim_control GET requests | "$PY" -c '
import json, sys
writes = [r for r in json.load(sys.stdin) if r["method"] in ("POST", "PUT", "DELETE") and not r["path"].startswith("/_sim")]
print("\n".join("%s %s" % (r["method"], r["path"]) for r in writes))')
[ -z "$writes" ] || fail "the second run sent writes to the API:
$writes"
grep -Eq 'my-demo-shop\.com +already_owned' "$work/run2.log" || fail "my-demo-shop.com is not reported already_owned"

step "demo passed: 2 domains ordered in one order and delivered; the rerun reported changed=0 and sent no POST, PUT or DELETE"
venv_shown=${DEMO_VENV#"$REPO_ROOT"/}
cat <<EOF

To run it again yourself, from $REPO_ROOT (the order is $ORDER; copy it to try your own):
  $venv_shown/bin/python tests/simulator --port 0 --advance-on-poll &    # prints: OVH API simulator listening on URL
  export OVH_ENDPOINT=URL OVH_APPLICATION_KEY=sim-application-key OVH_APPLICATION_SECRET=sim-application-secret OVH_CONSUMER_KEY=sim-consumer-key
  export ANSIBLE_COLLECTIONS_PATH=$COLLECTIONS
  $venv_shown/bin/ansible-playbook playbooks/order_domain.yml -e @$ORDER --check --diff   # prices, no order
  $venv_shown/bin/ansible-playbook playbooks/order_domain.yml -e @$ORDER                  # orders
  kill %1                                                                 # stops the simulator
Or run the whole demo again: make demo
EOF
