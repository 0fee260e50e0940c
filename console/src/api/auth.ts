import { meSchema, type LoginRequest, type Me } from '@keeper/shared';
import { http, type ApiCallOptions } from './request';

/** Errors are the login form's to show (wrong password, the 429 wait), so no toast. */
export function loginApi(credentials: LoginRequest): Promise<Me> {
  return http.post('/api/auth/login', credentials, { schema: meSchema, silent: true });
}

export function logoutApi(): Promise<void> {
  return http.post<void>('/api/auth/logout', undefined, { silent: true });
}

/** Asked at start-up to learn whether a session exists; a 401 is an answer, not an error. */
export function getMeApi(options: ApiCallOptions = { silent: true }): Promise<Me> {
  return http.get('/api/auth/me', { schema: meSchema, ...options });
}
