import type { ConnectionMonitor } from './connection-monitor.ts'
import { useConnectionStatus } from './use-connection-status.ts'
import './connection.css'

export function ConnectionStatus({ monitor }: { monitor: ConnectionMonitor }) {
  const status = useConnectionStatus(monitor)

  return (
    <div className="connection">
      <p className="connection__status" role="status" aria-live="polite" data-state={status.state} data-testid="connection-status">
        <span className="connection__dot" aria-hidden="true" />
        <span className="connection__text">
          {status.text}
          {status.detail && <span className="connection__detail"> {status.detail}</span>}
        </span>
      </p>
      {status.offerRetry && (
        <button type="button" className="connection__retry" onClick={monitor.retry}>
          Try again
        </button>
      )}
    </div>
  )
}
