// The JavaScript a first visit downloads before anything renders: the entry chunk and every chunk
// it imports statically (dynamic imports load later), gzipped, from Vite's manifest. Over the
// budget the build fails, so a heavy import into the start-up path is seen when it lands.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const LIMIT_KB = 250;
const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist');
const manifest = JSON.parse(readFileSync(path.join(dist, '.vite/manifest.json'), 'utf8'));

const entries = Object.entries(manifest).filter(([, chunk]) => chunk.isEntry);
if (entries.length !== 1) {
  console.error(`expected one entry chunk in the manifest, found ${entries.length}`);
  process.exit(1);
}

const seen = new Set();
const visit = (key) => {
  if (seen.has(key)) return;
  seen.add(key);
  for (const next of manifest[key]?.imports ?? []) visit(next);
};
visit(entries[0][0]);

let bytes = 0;
for (const key of seen) {
  const file = manifest[key].file;
  if (file.endsWith('.js')) bytes += gzipSync(readFileSync(path.join(dist, file)), { level: 9 }).length;
}
const kb = bytes / 1024;
console.log(`initial JS: ${kb.toFixed(1)} KB gzipped (limit ${LIMIT_KB} KB, ${seen.size} chunk${seen.size === 1 ? '' : 's'})`);
if (kb > LIMIT_KB) {
  console.error(`initial JS is over the ${LIMIT_KB} KB budget: move something behind a dynamic import`);
  process.exit(1);
}
