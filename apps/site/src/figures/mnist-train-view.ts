/**
 * The live MNIST figure's drawings, shared by the build (static SVG in train-mnist.astro, jsdom) and
 * the page (<mnist-train-figure>): the latent plane with the test digits' posterior ellipses (to scale,
 * coloured by digit, the unit circle drawn), the decoded manifold, and the read-out sentences.
 */
import { renderDigitImage, tileDigits } from '../viz/digit-image.ts';
import { type EllipseDatum, type LatentPlane, renderCodesPlane } from '../viz/latent-plane.ts';
import { MANIFOLD_GRID, MNIST_LATENT_EXTENT } from './mnist-train-settings.ts';

export interface MnistLatentData {
  /** q(z|x) of T test digits: mu, sigma [T, 2] row-major, and their digits [T]. */
  readonly mu: Float32Array;
  readonly sigma: Float32Array;
  readonly labels: ArrayLike<number>;
}

export function mnistEllipses({ mu, sigma, labels }: MnistLatentData): EllipseDatum[] {
  return Array.from({ length: mu.length / 2 }, (_, i) => ({
    mu: [mu[2 * i] as number, mu[2 * i + 1] as number],
    sigma: [sigma[2 * i] as number, sigma[2 * i + 1] as number],
    label: labels[i] as number,
  }));
}

/** The posterior ellipses of the test digits, to scale, coloured by digit, over the unit circle. */
export function renderMnistLatent(document: Document, latent: MnistLatentData | null): LatentPlane {
  const ellipses = latent === null ? [] : mnistEllipses(latent);
  return renderCodesPlane({
    document,
    id: 'mnist-latent',
    size: 420,
    extent: MNIST_LATENT_EXTENT,
    title:
      latent === null
        ? 'The latent plane: no model yet'
        : `The latent plane: the posterior ellipses q(z|x) of ${ellipses.length} held-out test digits`,
    description: `Both axes from ${-MNIST_LATENT_EXTENT} to ${MNIST_LATENT_EXTENT} at the same scale; the dashed circle is the unit circle.`,
    ellipses,
    ellipsesStyle: { opacity: 0.45, fillOpacity: 0.02 },
  });
}

/** The decoder's Bernoulli means on the G x G grid of z, one mosaic (blank when `manifold` is null). */
export function renderManifold(
  document: Document,
  manifold: { readonly pixels: Float32Array; readonly gridSize: number } | null,
): SVGSVGElement {
  const { size, extent } = MANIFOLD_GRID;
  const n = manifold?.gridSize ?? size;
  const pixels = manifold?.pixels ?? new Float32Array(n * n * 784);
  return renderDigitImage(tileDigits(pixels, n * n, { columns: n }), {
    document,
    size: 260,
    label:
      manifold === null
        ? 'The decoded manifold: no model yet'
        : `The decoder's means on a ${n} by ${n} grid of z from (${-extent}, ${extent}) at the top left to (${extent}, ${-extent}) at the bottom right`,
  });
}

export interface MnistStatus {
  readonly step: number;
  readonly epochs: number;
  readonly last: { readonly loss: number; readonly reconstruction: number; readonly kl: number } | null;
  readonly trainCount: number;
  readonly playing: boolean;
  /** Means over the drawn ellipses of sigma (both axes) and of |mu|. */
  readonly meanSigma: number;
  readonly meanRadius: number;
}

/** Mean sigma (over both axes) and mean |mu| of the ellipses: how wide they are and how far out. */
export function ellipseSpread({ mu, sigma }: Pick<MnistLatentData, 'mu' | 'sigma'>): {
  meanSigma: number;
  meanRadius: number;
} {
  const n = mu.length / 2;
  let sigmas = 0;
  let radii = 0;
  for (let i = 0; i < n; i++) {
    sigmas += (sigma[2 * i] as number) + (sigma[2 * i + 1] as number);
    radii += Math.hypot(mu[2 * i] as number, mu[2 * i + 1] as number);
  }
  return { meanSigma: sigmas / (2 * n), meanRadius: radii / n };
}

const fmt = (value: number, digits = 1): string => value.toFixed(digits);

export function describeMnistTraining(status: MnistStatus): string {
  const { step, epochs, last, trainCount, playing, meanSigma, meanRadius } = status;
  const state = playing ? 'Training' : step === 0 ? 'Ready' : 'Paused';
  const ellipses = `Ellipses: mean σ ${fmt(meanSigma, 2)}, mean |μ| ${fmt(meanRadius, 2)}.`;
  if (last === null)
    return `${state}: step 0 on ${trainCount} training digits; press play or step. ${ellipses}`;
  return (
    `${state}: step ${step}, epoch ${fmt(epochs, 2)} of ${trainCount} digits. −ELBO ${fmt(last.loss)} nats = ` +
    `reconstruction ${fmt(last.reconstruction)} + β × KL ${fmt(last.kl, 2)} (this batch). ${ellipses}`
  );
}
