import type { Server } from 'node:https'

/** A port already taken, or an address this machine does not have: worded for the operator. */
export class ListenError extends Error {
  override name = 'ListenError'
}

/** Listens and resolves with the bound port, or rejects with a ListenError that says what to do. */
export function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening)
      if (error.code === 'EADDRINUSE')
        reject(
          new ListenError(
            `port ${port} on ${host} is already in use; stop the other program or choose another port with --port`,
          ),
        )
      else if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND')
        reject(new ListenError(`cannot listen on ${host}: no such address on this machine`))
      else if (error.code === 'EACCES')
        reject(new ListenError(`no permission to listen on ${host}:${port} (ports below 1024 need privileges)`))
      else reject(error)
    }
    const onListening = () => {
      server.off('error', onError)
      const address = server.address()
      resolve(typeof address === 'object' && address ? address.port : port)
    }
    server.once('error', onError)
    server.once('listening', onListening)
    server.listen(port, host)
  })
}
