/** What every view receives from the router (routes.ts), in a file of its own so views do not import the route table that loads them. */
export interface ViewProps {
  /** Path parameters, e.g. {platform: 'youtube'} for /platform/youtube. */
  params: Record<string, string>;
}
