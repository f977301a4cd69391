// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import type { CreateTokenRequest } from '../../../../server/contract/auth'
import { NewToken } from './NewToken'
import { TokenForm } from './TokenForm'

afterEach(cleanup)

describe('token creation', () => {
  it('creates a token with the scopes picked (metrics:read for Prometheus) instead of a role', () => {
    const sent: CreateTokenRequest[] = []
    render(<TokenForm outcome={undefined} onCreate={(request) => sent.push(request)} />)
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'prometheus' } })
    fireEvent.change(screen.getByLabelText('Grants'), { target: { value: 'scopes' } })
    fireEvent.click(screen.getByRole('checkbox', { name: /telemetry:read/ }))
    fireEvent.click(screen.getByRole('checkbox', { name: /metrics:read/ }))
    fireEvent.click(screen.getByRole('button', { name: 'Create token' }))
    expect(sent).toEqual([{ name: 'prometheus', scopes: ['metrics:read'], expiresInDays: 90 }])
  })

  it('offers no creation without a scope', () => {
    render(<TokenForm outcome={undefined} onCreate={() => undefined} />)
    fireEvent.change(screen.getByLabelText('Grants'), { target: { value: 'scopes' } })
    fireEvent.click(screen.getByRole('checkbox', { name: /telemetry:read/ }))
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Create token' }).disabled).toBe(true)
  })

  it('shows the new token once with a curl call and, for metrics, a Prometheus scrape config', () => {
    render(<NewToken token="mfc_secret" metrics onDone={() => undefined} />)
    expect(screen.getByTestId('snippet-curl').textContent).toContain("-H 'Authorization: Bearer mfc_secret'")
    expect(screen.getByTestId('snippet-prometheus').textContent).toContain('credentials_file: mfc-metrics-token')
    cleanup()
    render(<NewToken token="mfc_secret" metrics={false} onDone={() => undefined} />)
    expect(screen.queryByTestId('snippet-prometheus')).toBeNull()
  })
})
