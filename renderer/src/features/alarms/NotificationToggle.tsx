import { useState } from 'react'

type Permission = NotificationPermission | 'unsupported'

const explanations: Record<Permission, string> = {
  granted: 'New high-severity alarms also appear as desktop notifications.',
  denied: 'Notifications are blocked for this page in the browser settings.',
  default: 'Desktop notifications for new high-severity alarms are off.',
  unsupported: 'This browser or window shows no desktop notifications; the header and this list still do.',
}

/** Notifications only after the user asked for them: the page never requests permission by itself. */
export function NotificationToggle() {
  const [permission, setPermission] = useState<Permission>(() =>
    typeof Notification === 'undefined' ? 'unsupported' : Notification.permission,
  )
  const ask = async () => setPermission(await Notification.requestPermission())
  return (
    <p className="form-row" data-testid="notification-toggle" data-permission={permission}>
      <span>{explanations[permission]}</span>
      {permission === 'default' && (
        <button type="button" className="button button--small" onClick={() => void ask()}>
          Notify me
        </button>
      )}
    </p>
  )
}
