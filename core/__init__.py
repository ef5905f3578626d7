"""What every Civic app shares: the registries (personal data, roles, API index, demo data, clock), domain
errors, and the helpers that serve files safely."""
