import { describe, expect, it } from 'vitest';
import { routeForNotification } from './notificationRoute';

describe('routeForNotification', () => {
  it('opens what the bot button opens', () => {
    expect(routeForNotification('certificate_issued', { certificate_id: 12 })).toBe('/certificates/12');
    expect(routeForNotification('attestation_result', { attestation_id: 'a-1' })).toBe('/attestations/a-1');
    expect(routeForNotification('contract', { contract_id: 'c' })).toBe('/contracts/c');
    expect(routeForNotification('level_reached', {})).toBe('/achievements');
    expect(routeForNotification('mailing', null)).toBe('/notifications');
  });
});
