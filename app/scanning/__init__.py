"""Scanner input without Qt: keyboard-wedge burst detection, barcode parsing, command codes."""
