"""What the Modbus test peers share: serving TCP on a port and the commands a test sends on stdin."""

import asyncio
import json
import sys

from pymodbus.server import StartAsyncTcpServer


async def json_commands():
    """Yields each command (one JSON object per line on stdin), and returns when the test closes stdin."""
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    while line := await reader.readline():
        yield json.loads(line)


async def serve_tcp(context, host, port, identity=None):
    """Starts serving `context` on host:port (0: any free port); returns the serving task and the port."""
    server = await StartAsyncTcpServer(
        context=context,
        identity=identity,
        address=(host, port),
        defer_start=True,
        # A peer restarted on the same port (the tests kill it) must not wait out TIME_WAIT.
        allow_reuse_address=True,
    )
    serving = asyncio.ensure_future(server.serve_forever())
    while server.server is None:
        if serving.done():
            raise SystemExit(f"cannot serve: {serving.exception()}")
        await asyncio.sleep(0.01)
    return serving, server.server.sockets[0].getsockname()[1]
