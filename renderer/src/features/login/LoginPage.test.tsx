// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { useAuth } from '../../store'
import { LoginPage } from './LoginPage'
import { SetupPage } from './SetupPage'

afterEach(cleanup)

describe('sign-in and setup pages', () => {
  it('have a level-one heading, and sign-in names the first user', () => {
    render(<LoginPage />)
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Sign in to MFC Station')
    expect(screen.getByTestId('first-user-hint').textContent).toContain('admin')
    cleanup()
    render(<SetupPage />)
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Set up MFC Station')
  })

  it("names the station's first admin when the setup status tells it", () => {
    useAuth.setState({ firstUser: 'ada' })
    render(<LoginPage />)
    expect(screen.getByTestId('first-user-hint').textContent).toContain('The first user is ada;')
    useAuth.setState({ firstUser: undefined })
  })
})
