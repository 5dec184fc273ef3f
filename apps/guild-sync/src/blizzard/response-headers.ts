import type { AxiosResponse } from 'axios';

/** One response header as a string; null when absent (or, oddly, repeated). */
export function headerValue(response: AxiosResponse, name: string): string | null {
  const value: unknown = response.headers[name.toLowerCase()];
  return typeof value === 'string' ? value : null;
}
