/**
 * Section 11's plane: the posteriors q(z|x) of AVB's toy problem (four one-hot inputs, a 2-D latent)
 * on the shared latent plane, to scale with the unit circle. Each input has one colour (the label
 * palette's first four). A Gaussian encoder's q is drawn as its one- and two-sigma ellipses
 * {z : sum_k (z_k - mu_k)^2 / sigma_k^2 = c^2}, c = 1, 2; every model's samples z ~ q(z|x) as a cloud
 * of dots. An AVB encoder has no mu and sigma: its cloud is all there is, in whatever shape it takes.
 * The same function draws the static figure at build time (jsdom) and the live one.
 */
import { drawEllipses, drawScatter, type LatentPlane, renderLatentPlane } from './latent-plane.ts';
import { VizError } from './viz-error.ts';

/** The plane shows [-3, 3]^2: the prior N(0, I) keeps 99.7 % of its mass per axis inside. */
export const AVB_EXTENT = 3;

export interface AvbPlaneData {
  /** Per input, samples z ~ q(z|x) interleaved [z1, z2, ...] ([n, 2] row-major). */
  readonly clouds: readonly ArrayLike<number>[];
  /** Per input, the Gaussian q's (mu, sigma), or null for an implicit encoder. */
  readonly ellipses:
    | readonly { readonly mu: readonly [number, number]; readonly sigma: readonly [number, number] }[]
    | null;
}

export interface AvbPlaneOptions {
  readonly document: Document;
  /** Unique within the page. */
  readonly id: string;
  readonly title: string;
  readonly description: string;
  /** Side of the square SVG in px; default 320. */
  readonly size?: number;
  /** The input (0-3) to emphasise, or null for none. */
  readonly highlight?: number | null;
}

/** Renders one model's posteriors; throws VizError on clouds or ellipses of the wrong shape. */
export function renderAvbPlane(data: AvbPlaneData, options: AvbPlaneOptions): LatentPlane {
  const { document, id, title, description, size = 320, highlight = null } = options;
  const inputs = data.clouds.length;
  if (inputs < 1) throw new VizError('clouds must hold one array of samples per input, got none', inputs);
  if (data.ellipses !== null && data.ellipses.length !== inputs) {
    throw new VizError(
      `ellipses must hold one (mu, sigma) per input (${inputs}), got ${data.ellipses.length}`,
      data.ellipses.length,
    );
  }
  const plane = renderLatentPlane({ document, id, title, description, size, extent: AVB_EXTENT });
  data.clouds.forEach((coords, input) => {
    const labels = new Uint8Array(coords.length / 2).fill(input);
    const dim = highlight !== null && highlight !== input;
    const cloud = drawScatter(plane, { coords, labels }, { diameter: 2.2, opacity: dim ? 0.12 : 0.55 });
    cloud.setAttribute('class', 'scatter avb-cloud');
    cloud.setAttribute('data-input', String(input));
  });
  if (data.ellipses !== null) {
    for (const c of [1, 2]) {
      const group = drawEllipses(
        plane,
        data.ellipses.map(({ mu, sigma }, input) => ({
          mu,
          sigma: [c * sigma[0], c * sigma[1]] as const,
          label: input,
        })),
        { opacity: c === 1 ? 0.95 : 0.6, fillOpacity: 0 },
      );
      group.setAttribute('class', `ellipses avb-sigma-${c}`);
      group.setAttribute('stroke-width', '2');
      if (highlight !== null) {
        for (const input of group.querySelectorAll<SVGGElement>('g[data-label]')) {
          if (input.getAttribute('data-label') !== String(highlight))
            input.setAttribute('stroke-opacity', '0.2');
        }
      }
    }
  }
  return plane;
}
