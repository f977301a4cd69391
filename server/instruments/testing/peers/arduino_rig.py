"""Plays an Arduino rig on a serial port (python3-serial): prints CSV lines "millis,volts,milliamps".

Usage: arduino_rig.py DEVICE BAUD PERIOD_MS
Each stdin line replaces what is printed: "v I" sets the values, "garbage" prints one line of noise,
"silent" stops printing (a hung sketch). Prints "ready" on stdout once the port is open.
"""
import sys
import threading
import time

import serial

port = serial.Serial(sys.argv[1], int(sys.argv[2]))
period = int(sys.argv[3]) / 1000
state = {"v": 0.5, "i": 1.0, "mode": "values"}
started = time.monotonic()


def commands():
    for line in sys.stdin:
        words = line.split()
        if words[0] == "garbage":
            port.write(b"\x00\xffrig booting... \xfe\r\n")
        elif words[0] == "silent":
            state["mode"] = "silent"
        else:
            state.update(v=float(words[0]), i=float(words[1]), mode="values")
        print("ok", flush=True)


threading.Thread(target=commands, daemon=True).start()
print("ready", flush=True)
while True:
    if state["mode"] == "values":
        millis = int((time.monotonic() - started) * 1000)
        port.write(f"{millis},{state['v']:.4f},{state['i']:.3f}\r\n".encode())
    time.sleep(period)
