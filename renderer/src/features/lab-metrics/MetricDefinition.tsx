import { useId, useState, type KeyboardEvent } from 'react'

/**
 * A metric's name with its definition in a tooltip that opens on hover and on keyboard focus and
 * closes on Escape (WCAG 2.1 SC 1.4.13); the definition is the name's accessible description.
 */
export function MetricDefinition({ label, unit, definition }: { label: string; unit: string; definition: string }) {
  const id = useId()
  const [open, setOpen] = useState(false)
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') setOpen(false)
  }
  return (
    <span
      className="metric-term"
      onMouseEnter={() => setOpen(true)}
      onMouseLeave={() => setOpen(false)}
      onKeyDown={onKeyDown}
    >
      <span
        className="metric-term__name"
        tabIndex={0}
        aria-describedby={id}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
      >
        {label} <span className="muted">({unit})</span>
      </span>
      <span id={id} role="tooltip" className="metric-term__tip" hidden={!open}>
        {definition}
      </span>
    </span>
  )
}
