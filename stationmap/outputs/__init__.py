"""Outputs and their safety: exports, the published site and its folder, geocoding the places, command I/O."""
