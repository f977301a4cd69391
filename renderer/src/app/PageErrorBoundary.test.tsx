// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { PageErrorBoundary } from './PageErrorBoundary'

afterEach(cleanup)

function Failing(): never {
  throw new RangeError('Invalid array length')
}

describe('page error boundary', () => {
  it('shows what failed in place of the page, and leaves the rest of the UI standing', () => {
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    render(
      <>
        <p>header</p>
        <PageErrorBoundary>
          <Failing />
        </PageErrorBoundary>
      </>,
    )
    expect(screen.getByTestId('page-error').textContent).toContain('Invalid array length')
    expect(screen.getByText('header')).toBeTruthy()
    quiet.mockRestore()
  })
})
