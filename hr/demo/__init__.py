"""Synthetic municipality: demo extracts in the contract's formats, calibrated to Bærum 2018."""
