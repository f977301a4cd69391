"""The commands a test sends a Modbus peer: one JSON object per line on the peer's stdin."""

import asyncio
import json
import sys


async def json_commands():
    """Yields each command as it arrives, and returns when the test closes stdin (the peer then stops)."""
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    while line := await reader.readline():
        yield json.loads(line)
