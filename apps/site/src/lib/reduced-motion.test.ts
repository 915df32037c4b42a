import { describe, expect, it } from 'vitest';
import {
  type MatchMedia,
  motionDuration,
  onReducedMotionChange,
  prefersReducedMotion,
} from './reduced-motion.ts';

/** A media-query source whose answer to one query can be flipped (what the browser does on a settings change). */
function mediaSource(reduced: boolean) {
  const target = new EventTarget();
  const asked: string[] = [];
  const list = {
    matches: reduced,
    addEventListener: target.addEventListener.bind(target),
    removeEventListener: target.removeEventListener.bind(target),
  };
  const matchMedia: MatchMedia = (query) => {
    asked.push(query);
    return list;
  };
  const flip = (next: boolean) => {
    list.matches = next;
    target.dispatchEvent(Object.assign(new Event('change'), { matches: next }));
  };
  return { matchMedia, asked, flip };
}

describe('reduced motion', () => {
  it('asks for prefers-reduced-motion: reduce, and gives 0 ms when the reader wants less motion', () => {
    const reduced = mediaSource(true);
    expect(prefersReducedMotion(reduced.matchMedia)).toBe(true);
    expect(motionDuration(600, reduced.matchMedia)).toBe(0);
    expect(reduced.asked).toEqual(['(prefers-reduced-motion: reduce)', '(prefers-reduced-motion: reduce)']);
    const full = mediaSource(false);
    expect(motionDuration(600, full.matchMedia)).toBe(600);
  });

  it('tells a listener when the preference changes, until it unsubscribes', () => {
    const source = mediaSource(false);
    const seen: boolean[] = [];
    const stop = onReducedMotionChange((reduced) => seen.push(reduced), source.matchMedia);
    source.flip(true);
    source.flip(false);
    stop();
    source.flip(true);
    expect(seen).toEqual([true, false]);
  });
});
