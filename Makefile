# The two commands of the README, and the stages of the second one.
.PHONY: demo test pytest sanity lint molecule venv

demo:
	bash scripts/demo.sh

test:
	bash scripts/test.sh

pytest sanity lint molecule:
	bash scripts/test.sh $@

venv:
	bash -c 'source scripts/lib.sh && ensure_venv'
