import { Component, type ErrorInfo, type ReactNode } from 'react'

type State = { error: Error | undefined }

/**
 * Keeps a failing page from blanking the whole station UI: the header, banner and navigation stay,
 * the page says what failed (React needs a class for this: an error boundary has no hook form).
 */
export class PageErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: undefined }

  static getDerivedStateFromError(error: Error): State {
    return { error }
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('page failed', error, info.componentStack)
  }

  override render(): ReactNode {
    if (!this.state.error) return this.props.children
    return (
      <section className="panel" role="alert" data-testid="page-error">
        <h2>This page failed</h2>
        <p>{this.state.error.message}</p>
        <p className="muted">The other pages keep working; open this one again from the navigation or reload.</p>
      </section>
    )
  }
}
