import { Component, type ReactNode } from 'react';

interface Props {
  children: ReactNode;
  /** What failed, for the message ("the canvas"). */
  area: string;
}

/** Keeps one broken part from blanking the page: it shows one line and a retry button instead. */
export class ErrorBoundary extends Component<Props, { message: string | null }> {
  override state = { message: null as string | null };

  static getDerivedStateFromError(error: unknown) {
    const text = error instanceof Error ? error.message : String(error);
    return { message: text.split('\n')[0] };
  }

  override render() {
    if (this.state.message === null) return this.props.children;
    return (
      <div className="error-banner" role="alert" data-testid="boundary-error">
        <span className="error-text">
          {this.props.area} failed: {this.state.message}
        </span>
        <button type="button" onClick={() => this.setState({ message: null })}>
          Retry
        </button>
      </div>
    );
  }
}
