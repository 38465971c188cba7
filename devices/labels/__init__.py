"""Label printing, Qt-free: the label layouts, ZPL and PDF renderings, and the Zebra link."""
