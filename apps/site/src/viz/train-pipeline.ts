/**
 * The slow-motion view's pipeline strip: one training step as its five stages in a row,
 *   encode -> sample -> decode -> loss -> update,
 * the current one highlighted and marked aria-current="step". An ordered list (a screen reader reads
 * it as "list, 5 items"), each stage a name and its formula; the arrows are CSS (train.astro).
 * A pure render: the phase in, HTML out (jsdom at build time and in tests, the page live).
 */
import { select } from 'd3';
import { VizError } from './viz-error.ts';

export const PIPELINE_PHASES = ['encode', 'sample', 'decode', 'loss', 'update'] as const;
export type PipelinePhase = (typeof PIPELINE_PHASES)[number];

/** What each stage computes, in one line under its name. */
const FORMULAS: Readonly<Record<PipelinePhase, string>> = {
  encode: 'x → μ, σ',
  sample: 'z = μ + σ ⊙ ε',
  decode: 'z → x̂ = μθ(z)',
  loss: 'recon. + β × KL',
  update: 'Adam step',
};

export interface PipelineOptions {
  readonly document: Document;
  /** The stage to highlight, or null (no step under way: nothing highlighted). */
  readonly phase: PipelinePhase | null;
}

export function renderPipeline({ document, phase }: PipelineOptions): HTMLOListElement {
  if (phase !== null && !PIPELINE_PHASES.includes(phase)) {
    throw new VizError(
      `unknown pipeline phase '${String(phase)}': expected one of ${PIPELINE_PHASES.join(', ')}`,
      phase,
    );
  }
  const list = document.createElement('ol');
  list.className = 'train-pipeline';
  list.setAttribute('aria-label', 'The stages of one training step');
  const items = select(list)
    .selectAll('li')
    .data(PIPELINE_PHASES)
    .join('li')
    .attr('class', (d) => (d === phase ? 'pipeline-stage current' : 'pipeline-stage'))
    .attr('data-stage', (d) => d)
    .attr('aria-current', (d) => (d === phase ? 'step' : null));
  items
    .append('span')
    .attr('class', 'stage-name')
    .text((d) => d);
  items
    .append('span')
    .attr('class', 'stage-formula')
    .text((d) => FORMULAS[d]);
  return list;
}
