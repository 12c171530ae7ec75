// A short vibration on success or failure of an action, where Telegram offers it; nothing elsewhere.
import { hapticFeedback } from '@telegram-apps/sdk-react';

export function hapticSuccess(): void {
  hapticFeedback.notificationOccurred.ifAvailable('success');
}

export function hapticFailure(): void {
  hapticFeedback.notificationOccurred.ifAvailable('error');
}
