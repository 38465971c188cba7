"""Floor devices (scanner, label printer, scale) as plain-Python ports; Qt adapters: ui/devices."""
