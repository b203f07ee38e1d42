import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = (...args: string[]) =>
  promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd: `${__dirname}/..` });

describe('l0prune-mnist options', () => {
  it('refuses a malformed --gradual-ft, and --gradual-ft with a plateau pruner, naming the form and the fix', async () => {
    await expect(run('--gradual-ft', '100')).rejects.toMatchObject({
      stderr: expect.stringMatching(/gradual FT must be <fromRatio>:<epochs> .* \(e\.g\. 100:6\), got '100'/),
    });
    await expect(run('--gradual-ft', '100:1.5')).rejects.toMatchObject({
      stderr: expect.stringMatching(/got '100:1\.5'/),
    });
    await expect(run('--pruner', 'lobster', '--gradual-ft', '100:6')).rejects.toMatchObject({
      stderr: expect.stringMatching(/--gradual-ft is not supported with --pruner lobster .* run it without/),
    });
  });

  it('refuses --fold-dead-units with gradual FT or a plateau pruner, naming both', async () => {
    await expect(run('--fold-dead-units', '--gradual-ft', '100:6')).rejects.toMatchObject({
      stderr: expect.stringMatching(
        /--fold-dead-units sets each target's budget before one-shot FT: not with --gradual-ft/,
      ),
    });
    await expect(run('--fold-dead-units', '--pruner', 'lobster')).rejects.toMatchObject({
      stderr: expect.stringMatching(/not with --pruner lobster; drop one/),
    });
  });

  it('refuses an unknown --optimizer, and Adam or --coupled with a plateau pruner, naming the fix', async () => {
    await expect(run('--optimizer', 'rmsprop')).rejects.toMatchObject({
      stderr: expect.stringMatching(
        /--optimizer <name>' argument 'rmsprop' is invalid\. Allowed choices are momentum, adam/,
      ),
    });
    await expect(run('--pruner', 'lobster', '--optimizer', 'adam')).rejects.toMatchObject({
      stderr: expect.stringMatching(
        /--pruner lobster trains with its own decay around momentum SGD: not with --optimizer adam; drop it/,
      ),
    });
    await expect(run('--pruner', 'lobster', '--coupled')).rejects.toMatchObject({
      stderr: expect.stringMatching(/not with --coupled; drop it/),
    });
  });

  it('refuses an --augment-shift outside 1-9 pixels, and with a plateau pruner, naming the range and the fix', async () => {
    await expect(run('--augment-shift', '0')).rejects.toMatchObject({
      stderr: expect.stringMatching(/--augment-shift.* must be an integer from 1 to 9/),
    });
    await expect(run('--augment-shift', '1.5')).rejects.toMatchObject({
      stderr: expect.stringMatching(/must be an integer from 1 to 9/),
    });
    await expect(run('--pruner', 'lobster', '--augment-shift', '2')).rejects.toMatchObject({
      stderr: expect.stringMatching(/--augment-shift is not supported with --pruner lobster .* run it without/),
    });
  });

  it('refuses an unknown --normalize, listing the choices', async () => {
    await expect(run('--normalize', 'alpha-l0')).rejects.toMatchObject({
      stderr: expect.stringMatching(
        /argument 'alpha-l0' is invalid\. Allowed choices are layer-size, layer-size-l0, none/,
      ),
    });
  });

  it("--normalize layer-size-l0 trains NORM with α₀ scaled only, as the authors' code does", async () => {
    const out = mkdtempSync(join(tmpdir(), 'l0-cli-norm-'));
    await run('--quick', '--normalize', 'layer-size-l0', '--ratios', '10', '--out', out);
    const { options } = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(options).toMatchObject({ normalize: 'layer-size', normalizedParameters: ['alphaL0'] });
  }, 120_000);
});
