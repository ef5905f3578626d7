"""Alumni data."""
