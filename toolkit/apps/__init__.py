"""Wiring: the apps a notebook shows, built from a session folder and its template."""
