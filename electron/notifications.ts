import type { StationEvent } from '../server/contract/stream.js'

const alarmNames = {
  'voltage-reversal': 'voltage reversal',
  'substrate-depleted': 'substrate depleted',
  'out-of-range': 'value out of range',
} as const

/** The OS notification an event deserves, if any: alarms raised, certificate alerts, a run that ended by itself, a failing service. */
export function notificationFor(event: StationEvent): { title: string; body: string } | undefined {
  switch (event.kind) {
    case 'alarm':
      if (!event.raised) return undefined
      return {
        title: `Cell ${event.cell + 1}: ${alarmNames[event.alarm]}`,
        body: `Raised at ${(event.simTimeS / 3600).toFixed(1)} h of simulated time.`,
      }
    case 'run-state':
      return event.state === 'finished'
        ? { title: 'Run finished', body: 'The simulation reached the end of its configured duration.' }
        : undefined
    case 'certificate':
      return event.severity === 'info'
        ? undefined
        : {
            title:
              event.alert === 'expiry'
                ? `Certificate expires in ${event.daysLeft} day${event.daysLeft === 1 ? '' : 's'}`
                : 'Certificate problem',
            body: event.message,
          }
    case 'service':
      return event.status === 'failing'
        ? { title: `Station service ${event.service} is failing`, body: event.message }
        : undefined
    case 'controller':
    case 'fault':
      return undefined
  }
}
