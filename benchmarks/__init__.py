"""okrtui's benchmarks: `make bench` (`python -m benchmarks`) generates a large workspace and
prints each scenario as a ratio to a baseline measured in the same run."""
