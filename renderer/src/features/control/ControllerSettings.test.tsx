// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { controllerDefaults } from '../../../../server/contract/simulation'
import { controllerFields } from './controller-fields'
import { ControllerSettings } from './ControllerSettings'

afterEach(cleanup)

describe('controller settings', () => {
  it("name the station's defaults of a controller that is not running", () => {
    render(
      <ControllerSettings
        fields={controllerFields.pid}
        values={{ kp: '0.01' }}
        defaults={controllerDefaults.pid}
        onChange={() => undefined}
      />,
    )
    expect(screen.getByLabelText<HTMLInputElement>('Kp').value).toBe('0.01')
    expect(screen.getByLabelText<HTMLInputElement>('Ki').placeholder).toBe('default 2e-7')
    expect(screen.getByLabelText<HTMLInputElement>('Period (s)').placeholder).toBe('default 300')
    expect(screen.getByRole('option', { name: 'default feed' })).toBeTruthy()
  })
})
