#!/usr/bin/env bash
# A curl session against an MFC Station (docs/api.md): health, the latest frame, recent history, then an
# ingest batch read back from the instruments' status. curl 7.88 speaks no WebSocket: the stream is in the
# Python and Node examples.
#   MFC_URL     the station (default https://127.0.0.1:8443)
#   MFC_TOKEN   an API token, e.g. from: mfc-station token create lab-script --role operator
#   MFC_CA      the station's certificate (default <data dir>/tls/server.crt); verification is never off
#   MFC_DEVICE  the HTTP push device of the station's configuration (default example-curl, examples/README.md)
set -euo pipefail
url="${MFC_URL:-https://127.0.0.1:8443}"
ca="${MFC_CA:-${XDG_DATA_HOME:-$HOME/.local/share}/mfc-station/tls/server.crt}"
device="${MFC_DEVICE:-example-curl}"
: "${MFC_TOKEN:?set MFC_TOKEN to an API token (mfc-station token create NAME --role operator)}"

# One API call; prints the body, fails with the station's error message on an HTTP error.
call() {
  local out status
  out=$(curl --silent --show-error --cacert "$ca" -H "Authorization: Bearer $MFC_TOKEN" \
    -w '\n%{http_code}' "$@")
  status="${out##*$'\n'}"
  out="${out%$'\n'*}"
  if [ "$status" -ge 400 ]; then
    echo "$1 answered $status: $(jq -r '.error.message // .' <<<"$out")" >&2
    return 1
  fi
  printf '%s' "$out"
}

health=$(call "$url/api/v1/health")
echo "health: $(jq -r .status <<<"$health") (version $(jq -r .version <<<"$health"))"

latest=$(call "$url/api/v1/telemetry/latest")
echo "latest: run $(jq -r .runId <<<"$latest") seq $(jq -r .seq <<<"$latest"), $(jq '.cells | length' <<<"$latest") cells, stack $(jq .stack.powerW <<<"$latest") W"

history=$(call "$url/api/v1/telemetry/history?channels=stack.powerW&points=10")
echo "history: $(jq '.series | length' <<<"$history") series, $(jq '.series[0].t | length' <<<"$history") points of $(jq -r '.series[0].channel' <<<"$history")"

now=$(date -u +%Y-%m-%dT%H:%M:%S.000Z)
batch=$(jq -n --arg t "$now" --arg device "$device" '{device: $device, samples: [
  {t: $t, channel: "voltageV", value: 0.512},
  {t: $t, channel: "currentA", value: 0.0031}]}')
if ! answer=$(call "$url/api/v1/ingest" -H 'content-type: application/json' --data "$batch"); then
  echo "ingest: failed" >&2
  exit 1
fi
echo "ingest: accepted $(jq .accepted <<<"$answer") samples, $(jq .duplicates <<<"$answer") duplicates"

# Read back: the station's newest reading of every channel of the device it maps (docs/instruments.md).
instruments=$(call "$url/api/v1/instruments")
echo "read back: $(jq -r --arg d "$device" '([.devices[] | select(.id == $d) | .state] | first // "not configured")
  + ([.channels[] | select(.device == $d) | ", \(.address) \(.raw)"] | sort | join(""))' <<<"$instruments")"
