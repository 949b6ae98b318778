"""Prefect tasks: each wraps one step of hr/ (the logic lives there, so flows and plain calls share it)."""
