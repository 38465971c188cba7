"""Benchmarks of the floor station at large-warehouse scale (issue #5). See BENCHMARKS.md.

``python -m bench`` runs the full set; ``python -m bench --quick`` a tiny, fast variant (CI).
Every figure is printed as one ``FIGURE <name> <value> <unit>`` line.
"""
