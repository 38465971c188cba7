#!/usr/bin/env bash
# Signs Windows files (the MSI, wms-floor.exe) with osslsigncode (Authenticode):
#
#   bash packaging/sign.sh FILE...          each FILE is replaced by its signed copy
#
# With SIGN_PFX (a .pfx file) and SIGN_PFX_PASSWORD set — the release's real certificate, from
# the CI's secret store, never from this repository — that certificate signs. Without them a
# placeholder self-signed certificate is generated here, now, and thrown away afterwards:
# the signature's structure is real, but Windows will not trust it (SmartScreen warns).
# SIGN_TIMESTAMP_URL (e.g. http://timestamp.digicert.com) adds a timestamp for a release.
set -euo pipefail
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pfx="${SIGN_PFX:-}"
password="${SIGN_PFX_PASSWORD:-}"
if [[ -z "$pfx" ]]; then
  echo "sign.sh: no SIGN_PFX: signing with a throw-away self-signed placeholder certificate" >&2
  password=$(openssl rand -hex 16)
  openssl req -x509 -newkey rsa:3072 -sha256 -days 30 -nodes -subj "/CN=WMS floor station (placeholder, untrusted)" \
    -addext "extendedKeyUsage=codeSigning" -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
  openssl pkcs12 -export -inkey "$work/key.pem" -in "$work/cert.pem" -out "$work/placeholder.pfx" \
    -passout "pass:$password"
  # SIGN_CERT_OUT: where to keep the placeholder's public certificate (to verify against).
  if [[ -n "${SIGN_CERT_OUT:-}" ]]; then cp "$work/cert.pem" "$SIGN_CERT_OUT"; fi
  pfx="$work/placeholder.pfx"
fi
timestamp=()
[[ -n "${SIGN_TIMESTAMP_URL:-}" ]] && timestamp=(-ts "$SIGN_TIMESTAMP_URL")
for file in "$@"; do
  osslsigncode sign -pkcs12 "$pfx" -pass "$password" -h sha256 -n "WMS floor station" \
    "${timestamp[@]}" -in "$file" -out "$work/signed" >/dev/null
  mv "$work/signed" "$file"
  echo "signed $file"
done
