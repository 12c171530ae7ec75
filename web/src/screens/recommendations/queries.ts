import type { components } from '@/api/schema';

export type Recommendation = components['schemas']['Recommendation'];
export type RecommendationKind = components['schemas']['RecommendationKind'];
export const KINDS: RecommendationKind[] = ['recommendation', 'endorsement'];

export const receivedKey = ['me', 'recommendations'];
export const requestsKey = ['me', 'recommendation-requests'];
