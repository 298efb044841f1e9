"""Developer model factories for tests and benchmarks: not shipped in the wheel."""
