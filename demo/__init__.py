"""Fictional demo data and the load_demo command."""
