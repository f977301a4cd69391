/** Why the station refused a form's request (useRequest's `problem`), announced where the form is. */
export function RequestProblem({ problem, testId }: { problem: string | undefined; testId?: string }) {
  if (!problem) return null
  return (
    <p role="alert" className="outcome outcome--bad" data-testid={testId}>
      {problem}
    </p>
  )
}
