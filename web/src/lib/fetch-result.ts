/** What openapi-fetch returns: data on 2xx, error otherwise. */
export interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}
