/**
 * `prefers-reduced-motion`: when the reader asks for less motion, figures jump to their end state
 * instead of animating (durations become 0). CSS transitions and animations are cut in global.css.
 */

const QUERY = '(prefers-reduced-motion: reduce)';

/** What this needs from `window`: injected so it can be read against any media-query source. */
export type MatchMedia = (
  query: string,
) => Pick<MediaQueryList, 'matches' | 'addEventListener' | 'removeEventListener'>;

const pageMatchMedia: MatchMedia = (query) => globalThis.matchMedia(query);

/** True when the reader prefers reduced motion. */
export function prefersReducedMotion(matchMedia: MatchMedia = pageMatchMedia): boolean {
  return matchMedia(QUERY).matches;
}

/** The duration to animate for: `ms`, or 0 under reduced motion. */
export function motionDuration(ms: number, matchMedia: MatchMedia = pageMatchMedia): number {
  return prefersReducedMotion(matchMedia) ? 0 : ms;
}

/** Calls `listener` with the new preference whenever it changes; returns an unsubscribe function. */
export function onReducedMotionChange(
  listener: (reduced: boolean) => void,
  matchMedia: MatchMedia = pageMatchMedia,
): () => void {
  const media = matchMedia(QUERY);
  const onChange = (event: Event) => listener((event as MediaQueryListEvent).matches);
  media.addEventListener('change', onChange);
  return () => media.removeEventListener('change', onChange);
}
