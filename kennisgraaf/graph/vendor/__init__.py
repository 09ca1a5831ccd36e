"""Vendored JavaScript for the HTML export (see README.md here), read as package data."""
