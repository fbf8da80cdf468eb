"""Province-scale generator and benchmark suite (issue 8): outside the test suite's timings."""
