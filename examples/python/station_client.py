#!/usr/bin/python3
"""An MFC Station client (docs/api.md, docs/stream-protocol.md): health, the latest frame, a narrowed
stream subscription, then an ingest batch read back from the instruments' status. Debian's
python3-requests and python3-websockets only.

  MFC_URL     the station (default https://127.0.0.1:8443)
  MFC_TOKEN   an API token, e.g. from: mfc-station token create lab-script --role operator
  MFC_CA      the station's certificate (default <data dir>/tls/server.crt); verification is never off
  MFC_DEVICE  the HTTP push device of the station's configuration (default example-python, examples/README.md)
"""
import asyncio
import json
import os
import ssl
import sys
from datetime import datetime, timezone

import requests
import websockets

URL = os.environ.get("MFC_URL", "https://127.0.0.1:8443").rstrip("/")
DATA = os.environ.get("XDG_DATA_HOME", os.path.expanduser("~/.local/share"))
CA = os.environ.get("MFC_CA", os.path.join(DATA, "mfc-station", "tls", "server.crt"))
TOKEN = os.environ.get("MFC_TOKEN") or sys.exit("set MFC_TOKEN to an API token (mfc-station token create NAME)")
HEADERS = {"Authorization": f"Bearer {TOKEN}"}
DEVICE = os.environ.get("MFC_DEVICE", "example-python")


def call(method, path, **kwargs):
    """One API call trusting exactly the station's certificate; the station's error message on failure."""
    answer = requests.request(method, f"{URL}{path}", headers=HEADERS, verify=CA, timeout=10, **kwargs)
    if answer.status_code >= 400:
        try:
            message = answer.json()["error"]["message"]
        except (ValueError, KeyError):
            message = answer.text
        raise RuntimeError(f"{method} {path} answered {answer.status_code}: {message}")
    return answer.json() if answer.content else None


async def stream_samples(count):
    """Subscribes to stack totals at 2 Hz and returns the first `count` samples."""
    context = ssl.create_default_context(cafile=CA)
    # websockets 14 renamed extra_headers; Debian 12 ships 10.4.
    header_arg = "additional_headers" if int(websockets.__version__.split(".")[0]) >= 14 else "extra_headers"
    uri = URL.replace("https://", "wss://") + "/api/v1/stream"
    async with websockets.connect(uri, ssl=context, **{header_arg: HEADERS}) as ws:
        hello = json.loads(await ws.recv())
        await ws.send(json.dumps({"type": "subscribe", "cells": [], "maxHz": 2, "events": False}))
        samples = []
        while len(samples) < count:
            message = json.loads(await asyncio.wait_for(ws.recv(), timeout=10))
            if message["type"] == "samples":
                samples.append(message)
        return hello, samples


def main():
    health = call("GET", "/api/v1/health")
    print(f"health: {health['status']} (version {health['version']})")
    latest = call("GET", "/api/v1/telemetry/latest")
    print(
        f"latest: run {latest['runId']} seq {latest['seq']}, {len(latest['cells'])} cells, "
        f"stack {latest['stack']['powerW']} W"
    )
    hello, samples = asyncio.run(stream_samples(3))
    print(f"stream: hello protocol {hello['protocol']}; {len(samples)} samples at <=2 Hz, last seq {samples[-1]['seq']}")
    now = datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    batch = {
        "device": DEVICE,
        "samples": [
            {"t": now, "channel": "voltageV", "value": 0.512},
            {"t": now, "channel": "currentA", "value": 0.0031},
        ],
    }
    answer = call("POST", "/api/v1/ingest", json=batch)
    print(f"ingest: accepted {answer['accepted']} samples, {answer['duplicates']} duplicates")
    print(f"read back: {read_back(call('GET', '/api/v1/instruments'))}")


def read_back(instruments):
    """The device's link state and the newest reading of every channel the station maps from it."""
    state = next((d["state"] for d in instruments["devices"] if d["id"] == DEVICE), "not configured")
    channels = sorted(f", {c['address']} {c['raw']}" for c in instruments["channels"] if c["device"] == DEVICE)
    return state + "".join(channels)


if __name__ == "__main__":
    try:
        main()
    except (RuntimeError, OSError, requests.RequestException, websockets.WebSocketException) as error:
        sys.exit(f"station_client: {error}")
