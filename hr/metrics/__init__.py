"""Compute: turn the marts' exact sums into published figures (hr.figures.Figure), suppressed for privacy."""
