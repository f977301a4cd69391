/** A managed alarm's change as the station streams it (docs/stream-protocol.md "event", kind `alarm`). */
export const alarmEvent = (action: 'raised' | 'cleared', cell: number, severity: 'medium' | 'high' = 'high') =>
  ({
    kind: 'alarm',
    id: `cell-voltage-reversal:${cell}`,
    ruleId: 'cell-voltage-reversal',
    action,
    state: action === 'raised' ? 'active-unacked' : 'cleared-unacked',
    severity,
    cell,
    message: `Cell ${cell}: voltage reversal: the cell is driven below 0 V`,
    by: null,
    simTimeS: action === 'raised' ? 3600 : 7200,
    shelved: false,
  }) as const
