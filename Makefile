# The README's two commands (demo, test), the stages of `make test`, and the virtual environment.
# `make` alone lists the targets.
STAGES := pytest units sanity lint changelog docs ee importer matrix molecule
.PHONY: help demo test venv bench $(STAGES)

help:
	@echo 'demo: order two domains end to end against the simulator, then show that a rerun changes nothing (.venv-demo, requirements/runtime.txt)'
	@echo 'test: every stage below (scripts/test.sh), with the time each took'
	@echo 'pytest: the client, simulator, modules, playbooks, role and installed-collection tests'
	@echo 'units: the unit tests through ansible-test units, then check that no simulator is left running'
	@echo 'sanity: ansible-test sanity (ansible-core 2.19, Python 3.11)'
	@echo 'lint: ansible-lint, production profile'
	@echo 'changelog: antsibull-changelog lint'
	@echo 'docs: antsibull-docs lint-collection-docs (module, role and docs/docsite documentation)'
	@echo 'ee: an execution environment built by ansible-builder from the tarball gets requests'
	@echo 'importer: galaxy-importer on the built tarball, no warning accepted'
	@echo 'matrix: pytest and ansible-test sanity with ansible-core 2.20 (Python 3.12) and 2.21 (Python 3.13)'
	@echo 'molecule: the molecule scenario of the domain_order role'
	@echo 'venv: create or refresh .venv from requirements/test.txt'
	@echo 'bench: compare API calls and time with a python-ovh reference (see README, Performance)'

demo:
	bash scripts/demo.sh

test:
	bash scripts/test.sh

$(STAGES):
	bash scripts/test.sh $@

venv:
	bash -c 'source scripts/lib.sh && ensure_venv'

# Calls, module runs and wall time of the role against the simulator (a benchmark, not a test):
#   make bench                     every scenario        make bench BENCH_ARGS=--quick
#   make bench BENCH_ARGS='--scenarios role-1,rerun'    make bench BENCH_ARGS=--list
bench:
	bash -c 'source scripts/lib.sh && ensure_venv && exec "$$VENV/bin/python" scripts/bench.py "$$@"' bench $(BENCH_ARGS)
