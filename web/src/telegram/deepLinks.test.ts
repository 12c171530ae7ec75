import { describe, expect, it } from 'vitest';
import { routeForStartParam } from './deepLinks';

describe('routeForStartParam', () => {
  it('opens the screens the API notification sender names', () => {
    expect(routeForStartParam('certificates-12')).toBe('/certificates/12');
    expect(routeForStartParam('attestations-0b6c4a52-7d0e-4d3f-9a77-2f4f8c1e5a10')).toBe(
      '/attestations/0b6c4a52-7d0e-4d3f-9a77-2f4f8c1e5a10',
    );
    expect(routeForStartParam('applications-7')).toBe('/applications/7');
    expect(routeForStartParam('contracts-9')).toBe('/contracts/9');
    expect(routeForStartParam('achievements')).toBe('/achievements');
    expect(routeForStartParam('notifications')).toBe('/notifications');
  });

  it('accepts the short forms shared by hand', () => {
    expect(routeForStartParam('cert_12')).toBe('/certificates/12');
    expect(routeForStartParam('org_0b6c4a52-7d0e-4d3f-9a77-2f4f8c1e5a10')).toBe(
      '/organization/0b6c4a52-7d0e-4d3f-9a77-2f4f8c1e5a10',
    );
    expect(routeForStartParam('invite_abc')).toBe('/organization/abc/invitation');
  });

  it('ignores what it does not know', () => {
    expect(routeForStartParam(undefined)).toBeUndefined();
    expect(routeForStartParam('')).toBeUndefined();
    expect(routeForStartParam('evil')).toBeUndefined();
    expect(routeForStartParam('certificates-../x')).toBeUndefined();
    expect(routeForStartParam('cert_')).toBeUndefined();
  });
});
