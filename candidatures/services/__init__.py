"""Writes of the candidatures app, one module per concern."""
