// Every package as npm would serve it: packed with pnpm (as `pnpm publish` packs: workspace ranges replaced), then
// installed with npm into an empty project beside @tensorflow/tfjs 4.22 and used there — so a file missing from
// `files`, a runtime import that is only a devDependency, or CJS and ESM builds that disagree fail here, not at a
// user's. The workspace's own tests import the sources through pnpm's links and cannot see any of that.
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const PNPM = ['-y', 'pnpm@9.15.9'];
const TFJS = '@tensorflow/tfjs@4.22.0';

interface Manifest {
  name: string;
  private?: boolean;
  bin?: Record<string, string>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

const publishable = readdirSync(join(ROOT, 'packages'))
  .map((dir) => ({
    dir: join(ROOT, 'packages', dir),
    manifest: readJson<Manifest>(join(ROOT, 'packages', dir, 'package.json')),
  }))
  .filter((p) => !p.manifest.private);

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

// Asynchronous, so that vitest's worker stays responsive through a minute of npm install.
const run = async (command: string, args: string[], cwd: string) =>
  (await promisify(execFile)(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 << 20 })).stdout;

/** The last line of a script's stdout is its JSON report (libraries may log before it). */
const lastJsonLine = <T>(stdout: string): T => JSON.parse(stdout.trim().split('\n').at(-1)!) as T;

let work: string;
let app: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'l0prune-npm-install-'));
  const packs = join(work, 'packs');
  mkdirSync(packs);
  for (const p of publishable) await run('npx', [...PNPM, 'pack', '--pack-destination', packs], p.dir);
  app = join(work, 'app');
  cpSync(join(import.meta.dirname, '..', 'app'), app, { recursive: true });
  await run('npm', ['init', '-y'], app);
  await run('npm', ['pkg', 'set', 'type=module'], app);
  const tarballs = readdirSync(packs).map((f) => join(packs, f));
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', TFJS, ...tarballs], app);
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packages installed from their npm tarballs', () => {
  it('are packed with every workspace range replaced by a version', () => {
    for (const p of publishable) {
      const installed = readJson<Manifest>(join(app, 'node_modules', p.manifest.name, 'package.json'));
      const ranges = { ...installed.dependencies, ...installed.peerDependencies };
      const workspaceRanges = Object.entries(ranges).filter(([, range]) => range.startsWith('workspace:'));
      expect(workspaceRanges, p.manifest.name).toEqual([]);
    }
  });

  it('install one copy of tfjs: every package uses the app’s @tensorflow/tfjs-core', async () => {
    const copies = (await run('npm', ['ls', '@tensorflow/tfjs-core', '--all', '--parseable'], app))
      .trim()
      .split('\n')
      .filter((line) => line.endsWith('tfjs-core'));
    expect(copies).toEqual([join(app, 'node_modules', '@tensorflow', 'tfjs-core')]);
  });

  it('run the README path: ℓ2–ℓ0 training, GP, masked FT, a sparse file that loads back the same model', async () => {
    const r = lastJsonLine<{
      backend: string;
      ratio: number;
      pruned: number;
      prunedButNonzero: number;
      nonzeroAfterFt: number;
      tensorsBeforeFt: number;
      tensorsAfterFt: number;
      unprunedTestError: number;
      testError: number;
      loadedTestError: number;
      maxDifference: number;
      fileBytes: number;
      denseBytes: number;
    }>(await run('node', ['readme-path.mjs'], app));
    expect(r.backend).toBe('wasm'); // tfjs-node is not installed: the embedded default
    expect(r.ratio).toBeGreaterThanOrEqual(20);
    expect(r.pruned).toBeGreaterThan(250_000);
    expect(r.prunedButNonzero).toBe(0); // FT kept the pruned weights at zero
    expect(266_610 / r.nonzeroAfterFt).toBeGreaterThan(19.9); // only biases may have moved
    expect(r.tensorsAfterFt).toBe(r.tensorsBeforeFt);
    // 6,000 images, 2 epochs of plain SGD (≈ 18%): trained, far from chance (90%), and FT did not break it.
    expect(r.unprunedTestError).toBeLessThan(35);
    expect(r.testError).toBeLessThan(r.unprunedTestError + 10);
    expect(r.loadedTestError).toBe(r.testError);
    expect(r.maxDifference).toBe(0);
    expect(r.fileBytes).toBeLessThan(r.denseBytes / 10);
  });

  it('give CommonJS the same exports as ESM', async () => {
    const names = publishable.map((p) => p.manifest.name);
    const formats = lastJsonLine<Record<string, { cjs: string[]; esm: string[] }>>(
      await run('node', ['both-formats.cjs', ...names], app),
    );
    for (const name of names) {
      expect(formats[name]!.esm.length, name).toBeGreaterThan(0);
      expect(formats[name]!.cjs, name).toEqual(formats[name]!.esm);
    }
  });

  it('install the command-line tools: l0prune-sparse inspects the saved file', async () => {
    const bins = publishable.flatMap((p) => Object.keys(p.manifest.bin ?? {}));
    expect(bins.sort()).toEqual(['l0prune-sparse', 'l0prune-sweep']);
    for (const bin of bins)
      expect(await run(join(app, 'node_modules', '.bin', bin), ['--help'], app)).toMatch(/Usage:/);
    const file = join('out', 'lenet', 'model.l0s');
    if (!existsSync(join(app, file))) await run('node', ['readme-path.mjs'], app);
    expect(await run(join(app, 'node_modules', '.bin', 'l0prune-sparse'), ['inspect', file], app)).toMatch(
      /fc1\/kernel[\s\S]*total: \d+ bytes; format version 1/,
    );
  });

  it('and l0prune-sweep runs a sweep module on its pool of worker processes', async () => {
    const dir = join(work, 'sweep');
    await run(
      join(app, 'node_modules', '.bin', 'l0prune-sweep'),
      ['run', 'sweep.mjs', '--dir', dir, '--workers', '2'],
      app,
    );
    const report = readJson<{ trials: Array<{ id: string; metrics: { loss: number } }>; failed: unknown[] }>(
      join(dir, 'results.json'),
    );
    expect(report.failed).toEqual([]);
    expect(report.trials.map((t) => t.metrics.loss)).toEqual([11, 12, 21, 22]);
    for (const t of report.trials)
      expect(readFileSync(join(dir, 'trials', t.id, 'model.txt'), 'utf8')).toMatch(/^\d \d\n$/);
  });
});
