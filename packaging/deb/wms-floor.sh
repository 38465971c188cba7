#!/bin/sh
# The wms-floor command: the bundle in /opt finds its files beside its own executable.
exec /opt/wms-floor/wms-floor "$@"
