// Bundles the dashboard into the folder given as the first argument (the Maven build passes
// target/classes/dashboard), so the jar serves it without any CDN.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

const outDir = resolve(process.argv[2] ?? 'dist');
mkdirSync(outDir, { recursive: true });

await build({
  entryPoints: ['src/main.js'],
  bundle: true,
  minify: true,
  format: 'iife',
  target: 'es2020',
  outfile: resolve(outDir, 'app.js'),
  loader: { '.css': 'css' },
  logLevel: 'warning',
});
copyFileSync('src/index.html', resolve(outDir, 'index.html'));
console.log(`dashboard written to ${outDir}`);
