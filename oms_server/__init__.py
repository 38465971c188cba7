"""oms_server package."""
