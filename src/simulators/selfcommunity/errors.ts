/** Django REST Framework's error body: `{"detail": "…"}`, with DRF's standard texts. */

export interface DetailBody {
  detail: string;
}

export const NOT_AUTHENTICATED: DetailBody = { detail: 'Authentication credentials were not provided.' };
export const INVALID_TOKEN: DetailBody = { detail: 'Invalid token.' };
export const FORBIDDEN: DetailBody = { detail: 'You do not have permission to perform this action.' };
export const NOT_FOUND: DetailBody = { detail: 'Not found.' };

export function faultBody(status: number, message: string): DetailBody {
  if (status === 429) return { detail: 'Request was throttled.' };
  return { detail: message };
}
