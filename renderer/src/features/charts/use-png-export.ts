import { useRef, useState } from 'react'
import { downloadChartPng, type ChartMeta } from './export'

/**
 * The PNG button of a chart: `frame` goes on the element that holds the chart's SVG; `save` renders
 * it with title, run and range; `error` says why it could not.
 */
export function usePngExport(meta: ChartMeta & { title: string }) {
  const frame = useRef<HTMLDivElement>(null)
  const [error, setError] = useState<string>()
  const save = () => {
    const svg = frame.current?.querySelector<SVGSVGElement>('svg.recharts-surface')
    if (!svg || !frame.current) return
    downloadChartPng(svg, meta, getComputedStyle(frame.current).backgroundColor).then(
      () => setError(undefined),
      (failure: unknown) => setError(failure instanceof Error ? failure.message : String(failure)),
    )
  }
  return { frame, error, save }
}
