.PHONY: run test bench build format clean-data

run:
	bash scripts/run.sh

test:
	bash scripts/test.sh

bench:
	bash scripts/bench.sh

build:
	swift build

format:
	swift format --in-place --recursive Sources Tests

clean-data:
	bash -c 'source scripts/lib.sh; stop_cluster pg; stop_cluster pg-test; rm -rf .data'
