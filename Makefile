# The two commands of the README, and the stages of the second one.
.PHONY: demo test pytest sanity lint molecule venv bench

demo:
	bash scripts/demo.sh

test:
	bash scripts/test.sh

pytest sanity lint molecule:
	bash scripts/test.sh $@

venv:
	bash -c 'source scripts/lib.sh && ensure_venv'

# Calls, module runs and wall time of the role against the simulator (a benchmark, not a test):
#   make bench                     every scenario        make bench BENCH_ARGS=--quick
#   make bench BENCH_ARGS='--scenarios role-1,rerun'    make bench BENCH_ARGS=--list
bench:
	bash -c 'source scripts/lib.sh && ensure_venv && exec "$$VENV/bin/python" scripts/bench.py "$$@"' bench $(BENCH_ARGS)
