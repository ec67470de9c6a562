"""The load test: `make loadtest` runs bench/load/run (docs/loadtest.md)."""
