"""Courses data."""
