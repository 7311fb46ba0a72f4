.PHONY: run test test-fast bench bench-data soak build format lint clean-data

run:
	bash scripts/run.sh

test:
	bash scripts/test.sh

bench:
	bash scripts/bench.sh

# A release build at 70% of its highest rate for 60 s, open loop, on its own cluster (BENCHMARKS.md).
soak:
	bash scripts/soak.sh

# The scale benchmark's cluster and data (200 tenants, 10 million audit events in acme); a second run adds nothing.
bench-data:
	bash scripts/bench-data.sh

build:
	swift build

format:
	swift format --in-place --parallel --recursive Sources Tests

lint:
	swift format lint --strict --parallel --recursive Sources Tests

# The Swift tests against the test cluster left by `make test` (started again if it stopped); no system tests.
test-fast:
	bash -c 'eval "$$(bash scripts/test-env.sh)" && swift test'

clean-data:
	bash -c 'source scripts/lib.sh; stop_cluster pg; stop_cluster pg-test; rm -rf .data'
