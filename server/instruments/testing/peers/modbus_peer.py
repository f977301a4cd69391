"""A Modbus server for the instrument tests and benchmark: Debian's python3-pymodbus (3.0).

Usage: modbus_peer.py tcp HOST PORT | modbus_peer.py rtu DEVICE BAUD
Prints "ready PORT" (tcp: the bound port, so PORT may be 0) once it serves. Each stdin line is a JSON
command {"table": "hr"|"ir"|"co"|"di", "address": N, "values": [...]} that sets protocol addresses
N.. (zero_mode: the data blocks are addressed as on the wire); "ok" is printed once it is applied.
"""
import asyncio
import sys

from pymodbus.datastore import ModbusSequentialDataBlock, ModbusServerContext, ModbusSlaveContext
from pymodbus.device import ModbusDeviceIdentification
from pymodbus.server import StartAsyncSerialServer
from pymodbus.transaction import ModbusRtuFramer
from peer_support import json_commands, serve_tcp

FUNCTION_CODES = {"co": 1, "di": 2, "hr": 3, "ir": 4}
SIZE = 2048


def context():
    store = ModbusSlaveContext(
        di=ModbusSequentialDataBlock(0, [0] * SIZE),
        co=ModbusSequentialDataBlock(0, [0] * SIZE),
        hr=ModbusSequentialDataBlock(0, [0] * SIZE),
        ir=ModbusSequentialDataBlock(0, [0] * SIZE),
        zero_mode=True,
    )
    return ModbusServerContext(slaves=store, single=True)


def identity():
    ident = ModbusDeviceIdentification()
    ident.VendorName = "MFC test rig"
    ident.ProductCode = "PEER"
    ident.MajorMinorRevision = "1.0"
    return ident


async def commands(ctx):
    async for command in json_commands():
        ctx[0].setValues(FUNCTION_CODES[command["table"]], command["address"], command["values"])
        print("ok", flush=True)


async def main():
    ctx = context()
    if sys.argv[1] == "tcp":
        serving, port = await serve_tcp(ctx, sys.argv[2], int(sys.argv[3]), identity())
    else:
        server = await StartAsyncSerialServer(
            context=ctx,
            identity=identity(),
            framer=ModbusRtuFramer,
            port=sys.argv[2],
            baudrate=int(sys.argv[3]),
            defer_start=True,
        )
        await server.start()
        serving = asyncio.ensure_future(server.serve_forever())
        port = 0
    print(f"ready {port}", flush=True)
    await asyncio.wait([serving, asyncio.ensure_future(commands(ctx))], return_when=asyncio.FIRST_COMPLETED)


asyncio.run(main())
