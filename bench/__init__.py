"""The benchmark of `make bench` (bench/run.py) and its measured steps (bench/steps.py)."""
