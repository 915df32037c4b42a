import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { bindSettingsInputs, type SettingsState } from './training-controls.ts';

function setup() {
  const { document } = new JSDOM(
    `<select data-lr><option value="0.001">0.001</option><option value="0.003">0.003</option></select>
     <input data-beta type="number"><input data-seed type="number"><p data-readout></p>`,
  ).window;
  const inputs = {
    lr: document.querySelector('[data-lr]') as HTMLSelectElement,
    beta: document.querySelector('[data-beta]') as HTMLInputElement,
    seed: document.querySelector('[data-seed]') as HTMLInputElement,
    readout: document.querySelector('[data-readout]') as HTMLElement,
  };
  const state: SettingsState & { value: { lr: `${number}`; beta: number; seed: number } } = {
    value: { lr: '0.001', beta: 1, seed: 7 },
    set(patch) {
      this.value = { ...this.value, ...patch };
    },
  };
  const calls: string[] = [];
  bindSettingsInputs(inputs, state, {
    configure: () => calls.push('configure'),
    reseed: () => calls.push('reseed'),
  });
  const change = (input: HTMLInputElement | HTMLSelectElement, value: string) => {
    input.value = value;
    input.dispatchEvent(new document.defaultView!.Event('change'));
  };
  return { inputs, state, calls, change };
}

describe('bindSettingsInputs', () => {
  it('fills the inputs from the state, and a change updates the state and configures or reseeds', () => {
    const { inputs, state, calls, change } = setup();
    expect([inputs.lr.value, inputs.beta.value, inputs.seed.value]).toEqual(['0.001', '1', '7']);
    change(inputs.lr, '0.003');
    change(inputs.beta, '2.5');
    change(inputs.seed, '12');
    expect(state.value).toEqual({ lr: '0.003', beta: 2.5, seed: 12 });
    expect(calls).toEqual(['configure', 'configure', 'reseed']);
  });

  it('puts back a value out of range and says why, naming it', () => {
    const { inputs, state, calls, change } = setup();
    change(inputs.beta, '11');
    expect(inputs.readout.textContent).toBe("β must be a number from 0 to 10, got '11'; keeping 1.");
    expect(inputs.beta.value).toBe('1');
    change(inputs.seed, '1.5');
    expect(inputs.readout.textContent).toBe(
      "The seed must be an integer from 0 to 4294967295, got '1.5'; keeping 7.",
    );
    expect(inputs.seed.value).toBe('7');
    expect(state.value).toEqual({ lr: '0.001', beta: 1, seed: 7 });
    expect(calls).toEqual([]);
  });
});
