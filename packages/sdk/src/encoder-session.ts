import { ModelFormatError, type ModelRole, TENSOR_NAMES } from '@ellipse/format';
import { openSession, type Runtime, type Session } from './session.ts';

/**
 * The session of a model's encoder, by kind:
 * - gaussian (role 'encoder'): x [N, D] -> mu, logvar [N, K] of q(z|x) = N(mu, diag exp(logvar));
 * - implicit (role 'implicit-encoder', AVB): x [N, D], eps [N, E] ~ N(0, I) -> z [N, K], z = f(x, eps);
 *   q(z|x) has samples but no density. E, the noise width, is read from the graph's `eps` input.
 */
export type EncoderSession =
  | { readonly kind: 'gaussian'; readonly session: Session }
  | { readonly kind: 'implicit'; readonly session: Session; readonly epsSize: number };

/** Opens an encoder of either role and checks its graph names (and, implicit, its eps [N, E] shape). */
export async function openEncoder(
  runtime: Runtime,
  bytes: Uint8Array,
  role: ModelRole,
  source: string,
): Promise<EncoderSession> {
  if (role !== 'implicit-encoder') {
    const names = TENSOR_NAMES.encoder;
    const session = await openSession(
      runtime,
      bytes,
      { inputs: [names.input], outputs: [names.mu, names.logVar] },
      source,
    );
    return { kind: 'gaussian', session };
  }
  const names = TENSOR_NAMES.implicitEncoder;
  const session = await openSession(
    runtime,
    bytes,
    { inputs: [names.input, names.noise], outputs: [names.output] },
    source,
  );
  const noise = session.inputMetadata.find((input) => input.name === names.noise);
  const shape = noise?.isTensor === true ? noise.shape : [];
  const width = shape[1];
  if (shape.length !== 2 || typeof width !== 'number' || !Number.isInteger(width) || width < 1) {
    await session.release();
    throw new ModelFormatError(
      `${source}: the implicit encoder's input '${names.noise}' has shape [${shape.join(', ')}]: ` +
        `expected [N, E] with a fixed noise width E; export it with Ellipse's trainer`,
    );
  }
  return { kind: 'implicit', session, epsSize: width };
}
