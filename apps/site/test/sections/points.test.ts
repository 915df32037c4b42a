// Section 1 (Points) in the BUILT site, headless Chromium on WASM: the 10,000 codes by label, the four
// shapes as presets, and the point under the cursor decoded live (arrow keys and pointer), with the
// state in the URL.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectBrowser, type SitePage, screenshot } from '../harness/site-page.ts';
import { openLive, reopen } from './live-section.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await connectBrowser({ webgpu: false });
});
afterAll(async () => {
  await browser?.close();
});

const SECTION = { id: 'points', tag: 'points-figure' };

/** Waits until the image decoded at `z` ("z1,z2") is shown; returns its PNG data URL. */
async function decodedAt(page: Page, z: string): Promise<string | null> {
  await page.waitForSelector(`#points [data-decoded][data-decoded-at="${z}"]`, { timeout: 60_000 });
  return page.locator('#points [data-decoded] image').getAttribute('href');
}

const dotCount = (page: Page) =>
  page
    .locator('#points [data-plot] path.scatter-label')
    .evaluateAll((paths) => paths.reduce((n, p) => n + (p.getAttribute('d')?.match(/M/g)?.length ?? 0), 0));

describe('section 1: points', () => {
  let site: SitePage;
  beforeAll(async () => {
    site = await openLive(browser, SECTION);
  });
  afterAll(async () => {
    await site?.close();
  });

  it('draws the 10,000 codes by label and the unit circle, and decodes the cursor', async () => {
    expect(await site.page.locator('#points [data-plot] path.scatter-label').count()).toBe(10);
    expect(await dotCount(site.page)).toBe(10_000);
    expect(await site.page.locator('#points circle.unit-circle').count()).toBe(1);
    expect(await decodedAt(site.page, '0,0')).toMatch(/^data:image\/png;base64,/);
  });

  it('arrow keys move the cursor and decode the new point', async () => {
    const { page } = site;
    const origin = await decodedAt(page, '0,0');
    await page.locator('#points [data-plot]').focus();
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Shift+ArrowRight');
    await expect.poll(() => new URL(page.url()).searchParams.get('points.z')).not.toBe(null);
    const z = new URL(page.url()).searchParams.get('points.z') ?? '';
    const [z1, z2] = z.split(',').map(Number);
    expect(z1).toBeGreaterThan(0);
    expect(z2).toBe(0);
    const moved = await decodedAt(page, `${z1},${z2}`);
    expect(moved).not.toBe(origin);
    expect(await page.locator('#points [data-readout]').textContent()).toMatch(
      /nearest code, a \d, is [\d.]+ away/,
    );
  });

  it('each shape preset redraws the codes; the URL keeps it', async () => {
    const { page } = site;
    const codes = () =>
      page
        .locator('#points path.scatter-label')
        .evaluateAll((paths) =>
          paths.flatMap((p) =>
            [...(p.getAttribute('d') ?? '').matchAll(/M([\d.-]+) ([\d.-]+)h0/g)].map((m) => [
              Number(m[1]),
              Number(m[2]),
            ]),
          ),
        );
    const centre = async () => {
      const c = page.locator('#points circle.unit-circle');
      return [
        Number(await c.getAttribute('cx')),
        Number(await c.getAttribute('cy')),
        Number(await c.getAttribute('r')),
      ];
    };
    for (const shape of ['line', 'ring', 'disk', 'scattered']) {
      await page.locator(`#points input[value="${shape}"]`).check();
      await expect
        .poll(() => new URL(page.url()).searchParams.get('points.shape'))
        .toBe(shape === 'scattered' ? null : shape);
      const points = await codes();
      expect(points).toHaveLength(10_000);
      if (shape === 'line') {
        // every code on one line: the cross product with the first two codes' direction vanishes
        const [a, b] = [
          points[0] ?? [0, 0],
          points.find((q) => Math.hypot(q[0]! - points[0]![0]!, q[1]! - points[0]![1]!) > 50) ?? [0, 0],
        ];
        const length = Math.hypot(b[0]! - a[0]!, b[1]! - a[1]!);
        const cross = (q: number[]) =>
          Math.abs((b[0]! - a[0]!) * (q[1]! - a[1]!) - (b[1]! - a[1]!) * (q[0]! - a[0]!)) / length;
        expect(Math.max(...points.map(cross))).toBeLessThan(0.2);
      }
      if (shape === 'ring') {
        // every code at one distance from the origin
        const [cx, cy] = await centre();
        const radii = points.map((q) => Math.hypot(q[0]! - cx!, q[1]! - cy!));
        expect(Math.max(...radii) - Math.min(...radii)).toBeLessThan(0.3);
        await screenshot(page, '#points', 'sections', 'points-ring');
      }
      // the disk is the VAE's means, decoded by the VAE
      if (shape === 'disk')
        expect(await page.locator('#points [data-plot]').getAttribute('data-model')).toBe('vae');
    }
  });

  it('the pointer moves the cursor where it points', async () => {
    const { page } = site;
    const unit = page.locator('#points circle.unit-circle');
    const box = await unit.boundingBox();
    expect(box).not.toBeNull();
    if (box === null) return;
    // the right end of the unit circle: z = (1, 0), within 1.5 CSS px (the box is 2 latent units wide)
    const tolerance = (1.5 * 2) / box.width + 0.01;
    await page.mouse.move(box.x + box.width, box.y + box.height / 2);
    await expect
      .poll(async () => {
        const at = (await page.locator('#points [data-decoded]').getAttribute('data-decoded-at')) ?? '';
        const [a, b] = at.split(',').map(Number);
        return Math.abs((a ?? 9) - 1) < tolerance && Math.abs(b ?? 9) < tolerance;
      })
      .toBe(true);
    await screenshot(page, '#points', 'sections', 'points');
    expect(site.consoleErrors).toEqual([]);
  });

  it('opens on the shape and point the URL names', async () => {
    // the same page, reloaded on a URL with the figure's state (the URL round trip)
    await reopen(site, SECTION, 'points.shape=ring&points.z=1,-0.5');
    const { page } = site;
    expect(await page.locator('#points input[value="ring"]').isChecked()).toBe(true);
    // the cursor sits at z = (1, -0.5): one radius right of the centre, half a radius below
    const c = page.locator('#points circle.unit-circle');
    const [cx, cy, r] = [
      Number(await c.getAttribute('cx')),
      Number(await c.getAttribute('cy')),
      Number(await c.getAttribute('r')),
    ];
    const cursor = page.locator('#points .latent-cursor circle').first();
    expect(Number(await cursor.getAttribute('cx'))).toBeCloseTo(cx + r, 0);
    expect(Number(await cursor.getAttribute('cy'))).toBeCloseTo(cy + 0.5 * r, 0);
    expect(site.consoleErrors).toEqual([]);
  });
});
