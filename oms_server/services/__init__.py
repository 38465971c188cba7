"""Business rules of the reference OMS; each function runs inside the caller's transaction."""
