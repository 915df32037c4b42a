import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { type PipelinePhase, renderPipeline } from './train-pipeline.ts';

const { document } = new JSDOM('<!doctype html>').window;

describe('renderPipeline', () => {
  it('lists the five stages in order and highlights none before a step', () => {
    const list = renderPipeline({ document, phase: null });
    expect(list.tagName).toBe('OL');
    expect([...list.querySelectorAll('.stage-name')].map((e) => e.textContent)).toEqual([
      'encode',
      'sample',
      'decode',
      'loss',
      'update',
    ]);
    expect(list.querySelector('[aria-current]')).toBeNull();
    expect(list.querySelector('.current')).toBeNull();
  });

  it('marks exactly the current stage, with aria-current="step"', () => {
    for (const phase of ['encode', 'loss', 'update'] as const) {
      const list = renderPipeline({ document, phase });
      const current = list.querySelectorAll('[aria-current="step"]');
      expect(current).toHaveLength(1);
      expect(current[0]?.getAttribute('data-stage')).toBe(phase);
      expect(current[0]?.classList.contains('current')).toBe(true);
      expect(list.querySelectorAll('.current')).toHaveLength(1);
    }
  });

  it('renders the sample stage as this snapshot', () => {
    expect(renderPipeline({ document, phase: 'sample' }).outerHTML).toMatchSnapshot();
  });

  it('names an unknown phase', () => {
    expect(() => renderPipeline({ document, phase: 'backprop' as PipelinePhase })).toThrow(
      /unknown pipeline phase 'backprop': expected one of encode, sample/,
    );
  });
});
