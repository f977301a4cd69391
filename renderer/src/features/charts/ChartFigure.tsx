import type { ReactNode } from 'react'
import type { ChartMeta } from './export'
import { usePngExport } from './use-png-export'

/**
 * A chart as a figure named by its title, with a PNG button; the plot is an image whose accessible
 * name says what it shows (`plotLabel`), and `after` holds its text alternative (a data table).
 */
export function ChartFigure(props: {
  title: string
  testId: string
  meta: ChartMeta
  plotLabel: string
  /** Data attributes the browser tests read (`data-points`, `data-domain`). */
  attributes?: Record<`data-${string}`, string | number | undefined>
  small?: boolean
  empty?: boolean
  children: ReactNode
  after?: ReactNode
}) {
  const { title, testId, small = false, empty = false } = props
  const { frame, error, save } = usePngExport({ ...props.meta, title })
  return (
    <figure
      className={`chart-panel${small ? ' chart-panel--small' : ''}`}
      aria-labelledby={`${testId}-title`}
      data-testid={testId}
      {...props.attributes}
    >
      <figcaption className="chart-panel__caption">
        <span id={`${testId}-title`}>{title}</span>
        <button type="button" className="button button--small" onClick={save} disabled={empty}>
          PNG
        </button>
      </figcaption>
      {error && <p role="alert">{error}</p>}
      <div className="chart" ref={frame} role="img" aria-label={props.plotLabel}>
        {props.children}
      </div>
      {props.after}
    </figure>
  )
}
