"""Camps data."""
