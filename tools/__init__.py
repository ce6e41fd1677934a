"""Course tooling that only a teacher runs: the student edition, the website and the benchmark.
Not part of the installed cs231n package; run from the repository root as ``python -m tools.NAME``."""
