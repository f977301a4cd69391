"""Plays a lab rig with a digital potentiometer on a serial port (python3-serial), for the control tests.

Usage: resistor_rig.py DEVICE BAUD PERIOD_MS E RINT
Takes "R <ohm>\\n" commands on the port (as an Arduino sketch reading Serial would) and prints CSV lines
"millis,volts,ohm" every PERIOD_MS: volts = E * R / (R + RINT) of the resistance it was last told, so the
station reads its own command back. Prints "ready" on stdout once the port is open, and "R <ohm>" on
stdout for every command it accepted (the test's own record of what arrived on the wire).
"""
import sys
import threading
import time

import serial

port = serial.Serial(sys.argv[1], int(sys.argv[2]), timeout=0.05)
period = int(sys.argv[3]) / 1000
emf = float(sys.argv[4])
rint = float(sys.argv[5])
state = {"ohm": 0.0}
started = time.monotonic()


def commands():
    pending = b""
    while True:
        pending += port.read(64)
        while b"\n" in pending:
            line, pending = pending.split(b"\n", 1)
            words = line.decode(errors="replace").split()
            if len(words) == 2 and words[0] == "R":
                state["ohm"] = float(words[1])
                print(f"R {words[1]}", flush=True)


threading.Thread(target=commands, daemon=True).start()
print("ready", flush=True)
while True:
    ohm = state["ohm"]
    volts = emf * ohm / (ohm + rint) if ohm > 0 else 0.0
    millis = int((time.monotonic() - started) * 1000)
    port.write(f"{millis},{volts:.5f},{ohm:.1f}\r\n".encode())
    time.sleep(period)
