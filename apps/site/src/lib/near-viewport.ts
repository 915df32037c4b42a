/**
 * Starts a figure's live work only when it comes within ~2 viewport heights of the screen (as Distill's
 * `d-figure` does): the static SVG rendered at build time is on the page from the start, and the SDK,
 * models and animations load only for figures a reader is about to see.
 */

export interface NearViewportOptions {
  readonly element: Element;
  /** Called once, the first time the element is within `viewportHeights` of the viewport. */
  readonly start: () => void;
  /** How far ahead to start, in viewport heights above and below (default 2). */
  readonly viewportHeights?: number;
  /** Default: the page's `IntersectionObserver` (injected for other roots). */
  readonly observer?: typeof IntersectionObserver;
}

/** The rootMargin that grows the viewport by `heights` viewport heights above and below. */
export function nearMargin(heights: number): string {
  if (!(heights >= 0) || !Number.isFinite(heights)) {
    throw new RangeError(`viewportHeights must be a finite number >= 0, got ${heights}`);
  }
  // Percentages in rootMargin are of the root's (the viewport's) size.
  return `${Math.round(heights * 100)}% 0px`;
}

/** Watches `element`; calls `start` once when it nears the viewport. Returns a function that stops watching. */
export function whenNearViewport({
  element,
  start,
  viewportHeights = 2,
  observer: Observer = globalThis.IntersectionObserver,
}: NearViewportOptions): () => void {
  const watcher = new Observer(
    (entries) => {
      if (entries.some((entry) => entry.isIntersecting)) {
        watcher.disconnect();
        start();
      }
    },
    { rootMargin: nearMargin(viewportHeights) },
  );
  watcher.observe(element);
  return () => watcher.disconnect();
}
