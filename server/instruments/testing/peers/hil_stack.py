"""A hardware-in-the-loop MFC stack behind Debian's python3-pymodbus (3.0), for the control tests.

Usage: hil_stack.py HOST PORT CELLS_JSON [WATCHDOG_JSON]
CELLS_JSON is a list of cells [{"e": 0.8, "rint": 100}, ...]. Cell i (0-based) is a Thevenin source: its
voltage V = E * R / (R + R_int) is computed from the resistance the station writes, in ohm, to holding
register 100 + i (uint16), and served as a float32 (ABCD) at input registers 2i, 2i+1. The feed pump's rate
in mL/day is holding register 200 (uint16); the anode substrate, 1000 * q / (q + 0.5) mg/L for q in L/day,
is a float32 at input registers 50, 51; the stack's temperature, 298.15 K, a float32 at input registers 52, 53
(for a station that needs one, e.g. the twin's model). WATCHDOG_JSON {"register": N, "timeoutS": s, "safe":
[[address, value]]} is the device's own watchdog (docs/control.md "Device watchdog"): once holding register N
changed, N going unchanged for timeoutS makes the peer write each safe value into its holding registers itself,
as a potentiometer with a watchdog falls back when its master dies. Prints "ready PORT" once it serves. Each stdin line is a JSON
command, answered by one line:
  {"cell": i, "e": volts}                      sets a cell's EMF (a reversing cell has E < 0)  -> "ok"
  {"get": "hr", "address": N, "count": K}      reads holding registers                        -> "[...]"
"""
import asyncio
import json
import struct
import sys

from pymodbus.datastore import ModbusSequentialDataBlock, ModbusServerContext, ModbusSlaveContext
from peer_support import json_commands, serve_tcp

SIZE = 512
R_BASE = 100
PUMP = 200
SUBSTRATE = 50
TEMPERATURE = 52


def words(value):
    high, low = struct.unpack(">HH", struct.pack(">f", value))
    return [high, low]


class Stack:
    def __init__(self, cells):
        self.cells = cells
        self.inputs = ModbusSequentialDataBlock(0, [0] * SIZE)
        stack = self

        class Holding(ModbusSequentialDataBlock):
            def setValues(self, address, values):
                super().setValues(address, values)
                stack.update()

        self.holding = Holding(0, [0] * SIZE)

    def update(self):
        for index, cell in enumerate(self.cells):
            ohm = self.holding.getValues(R_BASE + index, 1)[0]
            volts = cell["e"] * ohm / (ohm + cell["rint"]) if ohm > 0 else 0.0
            self.inputs.setValues(2 * index, words(volts))
        q = self.holding.getValues(PUMP, 1)[0] / 1000
        self.inputs.setValues(SUBSTRATE, words(1000 * q / (q + 0.5)))
        self.inputs.setValues(TEMPERATURE, words(298.15))


async def commands(stack):
    async for command in json_commands():
        if "get" in command:
            print(json.dumps(stack.holding.getValues(command["address"], command.get("count", 1))), flush=True)
        else:
            stack.cells[command["cell"]]["e"] = command["e"]
            stack.update()
            print("ok", flush=True)


async def watchdog(stack, settings):
    loop = asyncio.get_running_loop()
    last, changed_at, tripped = None, None, False
    while not tripped:
        await asyncio.sleep(0.05)
        value = stack.holding.getValues(settings["register"], 1)[0]
        if last is None:
            last = value
        elif value != last:
            last, changed_at = value, loop.time()
        elif changed_at is not None and loop.time() - changed_at > settings["timeoutS"]:
            for address, safe in settings["safe"]:
                stack.holding.setValues(address, [safe])
            tripped = True


async def main():
    stack = Stack(json.loads(sys.argv[3]))
    stack.update()
    store = ModbusSlaveContext(
        di=ModbusSequentialDataBlock(0, [0] * SIZE),
        co=ModbusSequentialDataBlock(0, [0] * SIZE),
        hr=stack.holding,
        ir=stack.inputs,
        zero_mode=True,
    )
    serving, port = await serve_tcp(ModbusServerContext(slaves=store, single=True), sys.argv[1], int(sys.argv[2]))
    print(f"ready {port}", flush=True)
    tasks = [serving, asyncio.ensure_future(commands(stack))]
    if len(sys.argv) > 4:
        asyncio.ensure_future(watchdog(stack, json.loads(sys.argv[4])))
    await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)


asyncio.run(main())
