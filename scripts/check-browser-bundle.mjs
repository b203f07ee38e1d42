// Bundles the package in the current directory for the browser, as a web app's bundler would
// (esbuild, platform 'browser', the package's `browser` export condition, its @l0prune
// dependencies bundled in, third-party packages left external) and fails on any Node built-in
// (`node:fs`, `fs`, …) it pulls in, naming the import chain. Run by each package's `lint`.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(join(process.cwd(), 'package.json'));
const esbuild = require(require.resolve('esbuild', { paths: [require.resolve('tsup')] }));
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const thirdParty = [
  ...Object.keys(pkg.dependencies ?? {}),
  ...Object.keys(pkg.peerDependencies ?? {}),
  ...Object.keys(pkg.optionalDependencies ?? {}),
].filter((name) => !name.startsWith('@l0prune/'));
const result = await esbuild
  .build({
    stdin: { contents: `export * from '${pkg.name}';`, resolveDir: process.cwd() },
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'esm',
    logLevel: 'silent',
    external: [...thirdParty, ...thirdParty.map((n) => `${n}/*`), '@tensorflow/*'],
    conditions: ['browser'],
    nodePaths: [join(process.cwd(), 'node_modules')],
  })
  .catch((e) => e);
const errors = result.errors ?? [];
if (errors.length > 0) {
  for (const e of errors)
    console.error(`${pkg.name}: ${e.text}${e.location ? ` (${e.location.file}:${e.location.line})` : ''}`);
  console.error(
    `${pkg.name} does not bundle for the browser: keep Node built-ins behind the package's Node entry ` +
      `(see @l0prune/sparse-io's browser.ts)`,
  );
  process.exit(1);
}
const bytes = result.outputFiles?.[0]?.contents.length ?? 0;
console.log(
  `${pkg.name}: bundles for the browser without Node built-ins (${(bytes / 1024).toFixed(1)} KiB, ` +
    `third-party packages external)`,
);
