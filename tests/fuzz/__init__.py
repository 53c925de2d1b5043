"""Fuzzing: hypothesis tests in the suite, and the atheris target run by ``make fuzz``."""
