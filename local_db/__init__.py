"""local_db package."""
