/**
 * <train-figure>: issue 11's "train it yourself", live. Near the viewport it starts a Web Worker
 * (src/workers/training-worker.ts) that picks a TensorFlow.js backend (WebGPU, else WebGL, else WASM,
 * else CPU; the page says which and why) and trains core's toy2d VAE on the chosen toy set plus the
 * points the reader draws. The page asks for STEPS_PER_CHUNK steps at a time and redraws after each
 * answer: the data plane (points, decoded samples), the posterior ellipses and the loss curve.
 *
 * Slow motion (`train.slow=1`): Play and Step advance one step at a time, shown as its five phases
 * in turn, SLOW_PHASE_MS each: encode -> sample -> decode -> loss (the worker's trace of the step, with
 * the noise the step will draw, no weight changed), then update (the real step). A pipeline strip
 * highlights the phase, a live sentence gives its numbers, and three tracked points are ringed in both
 * planes. The phases are discrete highlights, never animated, so reduced motion changes nothing there.
 *
 * State in the URL: `?train.data=<set>&train.lr=<rate>&train.beta=<b>&train.seed=<n>&train.backend=<b>`,
 * `train.slow=1` and the keyboard's drawing cursor `train.cursor=<x1>,<x2>`. Under reduced motion
 * playing redraws every 50 steps instead of every 5.
 * Drawn points are not in the URL (a link reproduces the toy set, the settings and the seed).
 * Keys: the controls; on the focused data plane the arrows move a cursor (Shift: x5) and Enter or
 * Space adds a point there. For the tests and the bench the element reports data-step, data-size,
 * data-train-backend, data-first-losses (the first 5 losses since the reset), data-last-loss, data-num-tensors (the
 * worker's tf.memory()), data-steps-per-second (worker time, after the run's first steps) and
 * data-busy (a request is in flight: a pause lets the chunk being computed finish and be drawn); in
 * slow motion (data-slow-motion="true") also data-phase (the phase shown) and data-traced-loss (the
 * loss the trace computed).
 */
import { bindUrlState, booleanField, choiceField, vectorField } from '../lib/url-state.ts';
import { drawCursor, type LatentPlane, latentScale } from '../viz/latent-plane.ts';
import { type LossPoint, renderLossCurve } from '../viz/train-loss-curve.ts';
import { PIPELINE_PHASES, type PipelinePhase, renderPipeline } from '../viz/train-pipeline.ts';
import type { TrainReply, TrainRequest } from '../workers/train-protocol.ts';
import type { StepRecord, StepTrace, TrainSnapshot } from '../workers/train-session.ts';
import { formatPoint, pointerToLatent } from './latent-pointer.ts';
import { LiveFigure } from './live-figure.ts';
import {
  DATA_EXTENT,
  DEFAULT_BETA,
  DEFAULT_DATASET,
  DEFAULT_LEARNING_RATE,
  DEFAULT_TRAIN_SEED,
  LEARNING_RATES,
  SLOW_PHASE_MS,
  STEPS_PER_CHUNK,
  TRAIN_DATASETS,
} from './train-settings.ts';
import {
  type DataPlaneData,
  describePhase,
  describeTraining,
  type LatentData,
  renderDataPlane,
  renderTrainLatent,
} from './train-view.ts';
import {
  bindRunControls,
  bindSettingsInputs,
  startTrainingWorker,
  trainingSchema,
} from './training-controls.ts';
import { createTrainingRunner } from './training-runner.ts';

type Trained = Extract<TrainReply, { type: 'trained' }>;

class TrainFigure extends LiveFigure {
  protected async start(): Promise<void> {
    const state = bindUrlState({
      prefix: 'train',
      schema: {
        data: choiceField({ fallback: DEFAULT_DATASET, choices: TRAIN_DATASETS }),
        ...trainingSchema({
          learningRates: LEARNING_RATES,
          learningRate: DEFAULT_LEARNING_RATE,
          beta: DEFAULT_BETA,
          seed: DEFAULT_TRAIN_SEED,
        }),
        cursor: vectorField({ fallback: [0, 0], length: 2, digits: 2, bound: DATA_EXTENT }),
        slow: booleanField(false),
      },
    });
    const dataset = this.find<HTMLSelectElement>('[data-dataset]');
    const lr = this.find<HTMLSelectElement>('[data-lr]');
    const beta = this.find<HTMLInputElement>('[data-beta]');
    const seed = this.find<HTMLInputElement>('[data-seed]');
    const play = this.find<HTMLButtonElement>('[data-play]');
    const stepButton = this.find<HTMLButtonElement>('[data-one-step]');
    const reset = this.find<HTMLButtonElement>('[data-reset]');
    const slowButton = this.find<HTMLButtonElement>('[data-slow]');
    const pipeline = this.find<HTMLElement>('[data-pipeline]');
    const phaseReadout = this.find('[data-phase-readout]');
    const clear = this.find<HTMLButtonElement>('[data-clear]');
    const dataPlot = this.find<HTMLElement>('[data-data-plot]');
    const latentPlot = this.find<HTMLElement>('[data-latent-plot]');
    const lossPlot = this.find<HTMLElement>('[data-loss-plot]');
    const readout = this.find('[data-readout]');
    const backendNote = this.find('[data-backend]');
    const cursorReadout = this.find('[data-cursor-readout]');
    dataset.value = state.value.data;

    const send = await startTrainingWorker<TrainRequest, TrainReply>({
      figure: 'toy',
      backend: state.value.backend,
      element: this,
      note: backendNote,
    });

    const scale = latentScale({ size: 320, extent: DATA_EXTENT });
    let drawn: number[] = [];
    let points: Float32Array = new Float32Array(0);
    let snapshot: TrainSnapshot | null = null;
    /** Slow motion: the phase shown and the trace of its step; null when no slow step is shown. */
    let view: { readonly phase: PipelinePhase; readonly trace: StepTrace } | null = null;
    let slow = state.value.slow;
    let dataPlane: LatentPlane | null = null;
    let cursor = state.value.cursor as [number, number];
    const describeCursor = () => {
      cursorReadout.textContent = `Drawing cursor at ${formatPoint(cursor)}: focus the data plane and press Enter to add a point there.`;
    };
    describeCursor();
    let steps = 0;
    const describe = () => {
      if (points.length === 0) return; // the first run has not answered yet
      const { last, playing } = runner;
      readout.textContent = describeTraining({
        step: steps,
        last: last as StepRecord | null,
        size: points.length / 2,
        playing,
      });
    };
    /** The planes as the state says: the snapshot, and in slow motion the phase of the step under way. */
    const render = () => {
      const phase = view?.phase ?? null;
      const trace = view?.trace;
      pipeline.hidden = !slow;
      pipeline.querySelector('ol')?.replaceWith(renderPipeline({ document, phase }));
      if (trace !== undefined && phase !== null) {
        const after = phase === 'update' ? (snapshot ?? undefined) : undefined;
        phaseReadout.textContent = describePhase({ phase, trace, points, after });
        this.dataset.phase = phase;
        this.dataset.tracedLoss = String(trace.loss);
      } else {
        phaseReadout.textContent = slow ? 'Press Step or Play to take one step in slow motion.' : '';
        delete this.dataset.phase;
      }
      if (snapshot === null) return;
      let data: DataPlaneData = { points, decoded: snapshot.decoded };
      let latent: LatentData = snapshot;
      if (trace !== undefined) {
        const { tracked } = trace;
        const sampled = phase !== 'encode' && phase !== 'update';
        const decoded = phase === 'decode' || phase === 'loss';
        data = decoded ? { points, tracked, reconstructed: trace.decoded } : { ...data, tracked };
        latent =
          phase === 'update'
            ? { ...snapshot, tracked, previous: trace }
            : { ...trace, tracked, ...(sampled ? { samples: trace.z } : {}) };
      }
      dataPlane = renderDataPlane(document, data);
      if (dataPlot.matches(':focus-within')) drawCursor(dataPlane, { z: cursor });
      dataPlot.replaceChildren(dataPlane.svg);
      latentPlot.replaceChildren(renderTrainLatent(document, latent).svg);
    };
    const show = (reply: Trained, losses: readonly LossPoint[]) => {
      points = reply.points;
      snapshot = reply.snapshot;
      steps = snapshot.step;
      // Any answer ends the slow step shown (a slow step puts its update back after its own answer).
      view = null;
      render();
      lossPlot.replaceChildren(renderLossCurve(losses, { document, id: 'train-loss' }));
      Object.assign(this.dataset, {
        step: String(snapshot.step),
        size: String(points.length / 2),
        numTensors: String(snapshot.numTensors),
      });
      describe();
    };
    const runner = createTrainingRunner<TrainRequest, TrainReply>({
      element: this,
      send,
      show,
      // Slow motion plays one step apart, then holds its update on screen for a phase too.
      chunk: (reduced) =>
        slow
          ? async () => {
              await slowStep();
              await hold();
            }
          : { type: 'step', count: reduced ? 10 * STEPS_PER_CHUNK : STEPS_PER_CHUNK },
      fail: (error) => this.fail(error),
      playingChanged: (on) => {
        play.textContent = on ? 'Pause' : 'Play';
        play.setAttribute('aria-pressed', String(on));
        describe();
      },
    });
    const { run } = runner;
    const hold = () => new Promise((resolve) => setTimeout(resolve, SLOW_PHASE_MS));
    /**
     * One step in slow motion: the worker's trace of it shown phase by phase, then the real step and
     * its update. It stops early (the weights untouched) when anything else answers in between (a
     * reset, new settings or points: view no longer shows this trace) or slow motion is turned off.
     */
    const phases = async () => {
      const sentIn = runner.generation;
      const reply = await runner.request({ type: 'trace' });
      if (reply.type !== 'traced') throw new Error(`the training worker answered '${reply.type}' to 'trace'`);
      const { trace } = reply;
      if (sentIn !== runner.generation) return;
      for (const phase of PIPELINE_PHASES.slice(0, -1)) {
        view = { phase, trace };
        render();
        await hold();
        if (view?.trace !== trace || !slow || sentIn !== runner.generation) return;
      }
      await run({ type: 'step', count: 1 });
      if (sentIn !== runner.generation || !slow) return;
      view = { phase: 'update', trace };
      render();
    };
    /** One slow step at a time: asked again during one, it returns that step's promise. */
    let slowStepping: Promise<void> | null = null;
    const slowStep = (): Promise<void> => {
      slowStepping ??= phases().finally(() => {
        slowStepping = null;
      });
      return slowStepping;
    };
    const fail = (error: unknown) => {
      runner.setPlaying(false);
      this.fail(error);
    };
    const settings = () => ({ learningRate: Number(state.value.lr), beta: state.value.beta });
    const resetRun = () =>
      runner.reset({
        type: 'reset',
        dataset: state.value.data,
        drawn: Float32Array.from(drawn),
        seed: state.value.seed,
        ...settings(),
      });
    const setPlaying = (on: boolean) => runner.setPlaying(on);
    const addPoint = (x: [number, number]) => {
      drawn.push(x[0], x[1]);
    };
    const sendDrawn = () => run({ type: 'drawn', drawn: Float32Array.from(drawn) }).catch(fail);

    // The first run is sent before any control can send a request (the worker answers in order).
    const first = resetRun();
    bindRunControls({ play, step: stepButton, reset }, runner, {
      stepOnce: () => (slow ? slowStep() : run({ type: 'step', count: 1 })),
      resetRun,
      fail,
    });
    const setSlow = (on: boolean) => {
      slow = on;
      slowButton.setAttribute('aria-pressed', String(on));
      this.dataset.slowMotion = String(on);
      if (!on) view = null;
      render();
    };
    setSlow(slow);
    slowButton.addEventListener('click', () => {
      state.set({ slow: !slow });
      setSlow(!slow);
    });
    clear.addEventListener('click', () => {
      drawn = [];
      sendDrawn();
    });
    dataset.addEventListener('change', () => {
      state.set({ data: dataset.value as (typeof TRAIN_DATASETS)[number] });
      setPlaying(false);
      resetRun().catch(fail);
    });
    bindSettingsInputs({ lr, beta, seed, readout }, state, {
      configure: () => run({ type: 'configure', ...settings() }).catch(fail),
      reseed: () => {
        setPlaying(false);
        resetRun().catch(fail);
      },
    });

    // Drawing: press and drag on the data plane (mouse, pen or touch) adds points ~0.05 apart.
    let drawing = false;
    const near = (x: [number, number]) => {
      const n = drawn.length;
      return n >= 2 && Math.hypot(x[0] - (drawn[n - 2] as number), x[1] - (drawn[n - 1] as number)) < 0.05;
    };
    const at = (event: PointerEvent) => pointerToLatent(dataPlane?.svg as SVGSVGElement, scale, event);
    dataPlot.addEventListener('pointerdown', (event) => {
      if (dataPlane === null) return;
      drawing = true;
      dataPlot.setPointerCapture(event.pointerId);
      addPoint(at(event));
    });
    dataPlot.addEventListener('pointermove', (event) => {
      if (!drawing || dataPlane === null) return;
      const x = at(event);
      if (!near(x)) addPoint(x);
    });
    const endDrawing = () => {
      if (!drawing) return;
      drawing = false;
      sendDrawn();
    };
    dataPlot.addEventListener('pointerup', endDrawing);
    dataPlot.addEventListener('pointercancel', endDrawing);
    dataPlot.addEventListener('keydown', (event) => {
      const move = { ArrowRight: [1, 0], ArrowLeft: [-1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] }[event.key];
      if (move !== undefined) {
        event.preventDefault();
        const step = event.shiftKey ? 0.25 : 0.05;
        const clamp = (v: number) => Math.max(-DATA_EXTENT, Math.min(DATA_EXTENT, v));
        cursor = [
          clamp(cursor[0] + step * (move[0] as number)),
          clamp(cursor[1] + step * (move[1] as number)),
        ];
        if (dataPlane !== null) drawCursor(dataPlane, { z: cursor });
        state.set({ cursor });
        describeCursor();
      } else if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        addPoint(cursor);
        sendDrawn();
      }
    });
    await first;
  }
}

customElements.define('train-figure', TrainFigure);
