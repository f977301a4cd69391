import type { StationEvent } from '../server/contract/stream.js'

/** The OS notification an event deserves, if any: alarms raised, certificate alerts, a run that ended by itself, a failing service. */
export function notificationFor(event: StationEvent): { title: string; body: string } | undefined {
  switch (event.kind) {
    case 'alarm':
      // Shelved alarms are not announced, and low-priority ones wait for the operator to look (ISA-18.2).
      if (event.action !== 'raised' || event.shelved || event.severity === 'low') return undefined
      return {
        title: `${event.severity === 'critical' || event.severity === 'high' ? 'Alarm' : 'Warning'}: ${event.message}`,
        body:
          event.simTimeS === null
            ? 'Acknowledge it on the Overview page.'
            : `Raised at ${(event.simTimeS / 3600).toFixed(1)} h of run time. Acknowledge it on the Overview page.`,
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
