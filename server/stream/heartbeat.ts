import type { WebSocket } from 'ws'

/** What the heartbeat needs of a connected client: how much the station has offered it so far. */
export type HeartbeatClient = { offeredBytes(): number }

type Liveness = { answered: boolean; offeredAtPing: number }

/**
 * Ping-based liveness with two distinct outcomes (docs/stream-protocol.md "Heartbeat"). A client that
 * did not answer the last ping within one interval either was sent data since that ping, so it is alive
 * to TCP but not reading (a slow consumer, closed with 4000 and counted as such), or was sent nothing and
 * answered nothing (a dead peer, terminated and counted apart). The ping travels behind the data, so a
 * reader that is merely slow still answers in time.
 */
export function createHeartbeat(deps: { onSlow(ws: WebSocket, reason: string): void; onDead(ws: WebSocket): void }) {
  const liveness = new WeakMap<WebSocket, Liveness>()
  return {
    track(ws: WebSocket, client: HeartbeatClient): void {
      liveness.set(ws, { answered: true, offeredAtPing: client.offeredBytes() })
      ws.on('pong', () => {
        const state = liveness.get(ws)
        if (state) state.answered = true
      })
    },
    /** One heartbeat over every connected client. */
    tick(clients: Iterable<[WebSocket, HeartbeatClient]>): void {
      for (const [ws, client] of clients) {
        const state = liveness.get(ws)
        if (!state || ws.readyState !== ws.OPEN) continue
        if (!state.answered) {
          if (client.offeredBytes() > state.offeredAtPing)
            deps.onSlow(ws, 'too slow: no ping answered while data waited')
          else deps.onDead(ws)
          continue
        }
        state.answered = false
        state.offeredAtPing = client.offeredBytes()
        ws.ping()
      }
    },
  }
}
