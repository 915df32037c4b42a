/**
 * <mnist-train-figure>: issue 11's "the same for the 2-D MNIST VAE", live. Near the viewport it starts
 * a Web Worker (src/workers/training-worker.ts) that picks a TensorFlow.js backend (WebGPU, else WebGL,
 * else WASM, else CPU; the page says which and why), fetches the shipped MNIST subset and trains core's
 * mnist2d-site VAE on it in batches of 100. After every MNIST_STEPS_PER_CHUNK steps it redraws the
 * held-out test digits' ellipses, the decoded manifold and the loss curve.
 *
 * State in the URL: `?mnist.lr=<rate>&mnist.beta=<b>&mnist.seed=<n>&mnist.backend=<b>`. Under reduced
 * motion playing redraws every 50 steps instead of every 5. For the tests and the bench the element
 * reports data-step, data-train-backend, data-first-losses (the first 5 losses since the reset),
 * data-last-loss, data-mean-sigma, data-mean-radius (of the drawn ellipses), data-num-tensors (the
 * worker's tf.memory()), data-steps-per-second (worker time, after the run's first chunk) and data-busy.
 */
import { bindUrlState } from '../lib/url-state.ts';
import { renderLossCurve } from '../viz/train-loss-curve.ts';
import type { MnistReply, MnistRequest } from '../workers/mnist-protocol.ts';
import type { MnistStepRecord } from '../workers/mnist-session.ts';
import { LiveFigure } from './live-figure.ts';
import {
  MNIST_DEFAULT_BETA,
  MNIST_DEFAULT_LEARNING_RATE,
  MNIST_DEFAULT_SEED,
  MNIST_LEARNING_RATES,
  MNIST_LOSS_FIT_FROM,
  MNIST_STEPS_PER_CHUNK,
} from './mnist-train-settings.ts';
import {
  describeMnistTraining,
  ellipseSpread,
  renderManifold,
  renderMnistLatent,
} from './mnist-train-view.ts';
import {
  bindRunControls,
  bindSettingsInputs,
  startTrainingWorker,
  trainingSchema,
} from './training-controls.ts';
import { createTrainingRunner } from './training-runner.ts';

class MnistTrainFigure extends LiveFigure {
  protected async start(): Promise<void> {
    const state = bindUrlState({
      prefix: 'mnist',
      schema: trainingSchema({
        learningRates: MNIST_LEARNING_RATES,
        learningRate: MNIST_DEFAULT_LEARNING_RATE,
        beta: MNIST_DEFAULT_BETA,
        seed: MNIST_DEFAULT_SEED,
      }),
    });
    const lr = this.find<HTMLSelectElement>('[data-lr]');
    const beta = this.find<HTMLInputElement>('[data-beta]');
    const seed = this.find<HTMLInputElement>('[data-seed]');
    const play = this.find<HTMLButtonElement>('[data-play]');
    const stepButton = this.find<HTMLButtonElement>('[data-one-step]');
    const reset = this.find<HTMLButtonElement>('[data-reset]');
    const latentPlot = this.find<HTMLElement>('[data-latent-plot]');
    const manifoldPlot = this.find<HTMLElement>('[data-manifold]');
    const lossPlot = this.find<HTMLElement>('[data-loss-plot]');
    const readout = this.find('[data-readout]');
    const backendNote = this.find('[data-backend]');

    const send = await startTrainingWorker<MnistRequest, MnistReply>({
      figure: 'mnist',
      backend: state.value.backend,
      element: this,
      note: backendNote,
    });

    /** The latest answer and its ellipses' spread (computed once per answer). */
    let latest: {
      reply: Extract<MnistReply, { type: 'trained' }>;
      spread: ReturnType<typeof ellipseSpread>;
    } | null = null;
    const describe = () => {
      if (latest === null) return; // the first run has not answered yet
      const { reply, spread } = latest;
      readout.textContent = describeMnistTraining({
        step: reply.snapshot.step,
        epochs: reply.snapshot.epochs,
        last: runner.last as MnistStepRecord | null,
        trainCount: reply.trainCount,
        playing: runner.playing,
        ...spread,
      });
    };
    const runner = createTrainingRunner<MnistRequest, MnistReply>({
      element: this,
      send,
      chunk: (reduced) => ({
        type: 'step',
        count: reduced ? 10 * MNIST_STEPS_PER_CHUNK : MNIST_STEPS_PER_CHUNK,
      }),
      show: (reply, losses) => {
        const { snapshot } = reply;
        const spread = ellipseSpread(snapshot);
        latest = { reply, spread };
        const latent = { mu: snapshot.mu, sigma: snapshot.sigma, labels: reply.testLabels };
        latentPlot.replaceChildren(renderMnistLatent(document, latent).svg);
        manifoldPlot.replaceChildren(
          renderManifold(document, { pixels: snapshot.manifold, gridSize: snapshot.gridSize }),
        );
        lossPlot.replaceChildren(
          renderLossCurve(losses, { document, id: 'mnist-loss', fitFrom: MNIST_LOSS_FIT_FROM }),
        );
        Object.assign(this.dataset, {
          step: String(snapshot.step),
          numTensors: String(snapshot.numTensors),
          meanSigma: String(spread.meanSigma),
          meanRadius: String(spread.meanRadius),
        });
        describe();
      },
      fail: (error) => this.fail(error),
      playingChanged: (on) => {
        play.textContent = on ? 'Pause' : 'Play';
        play.setAttribute('aria-pressed', String(on));
        describe();
      },
    });
    const fail = (error: unknown) => {
      runner.setPlaying(false);
      this.fail(error);
    };
    const settings = () => ({ learningRate: Number(state.value.lr), beta: state.value.beta });
    const resetRun = () => runner.reset({ type: 'reset', seed: state.value.seed, ...settings() });

    // The first run is sent before any control can send a request (the worker answers in order).
    readout.textContent = 'Fetching the MNIST subset and creating the model…';
    const first = resetRun();
    bindRunControls({ play, step: stepButton, reset }, runner, {
      stepOnce: () => runner.run({ type: 'step', count: 1 }),
      resetRun,
      fail,
    });
    bindSettingsInputs({ lr, beta, seed, readout }, state, {
      configure: () => runner.run({ type: 'configure', ...settings() }).catch(fail),
      reseed: () => {
        runner.setPlaying(false);
        resetRun().catch(fail);
      },
    });
    await first;
  }
}

customElements.define('mnist-train-figure', MnistTrainFigure);
