"""Wire models of the central OMS API (``/api/v1``), shared by the station and the server.

Field names follow seed 000 (OutboundCommand, OutboundStatusCallback, InventorySyncMessage)
in snake_case. Both sides import these models so that the contract lives in one place; the
checked-in ``openapi.json`` is generated from the server and a test keeps them in step.
"""

API_PREFIX = "/api/v1"
