#!/usr/bin/env node
// Writes a brotli (.br) and a gzip (.gz) copy beside every text file of a static build, once, at
// build time and at the strongest levels, so the gateway (@fastify/static with preCompressed)
// sends a browser that accepts them a third of the bytes without compressing per request.
// A copy that would not be smaller than the file is not written.
//
//   node tools/build/precompress.mjs dist/apps/web
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { extname, join, relative, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

// Not source maps: only developer tools fetch them, and brotli at its strongest is slow on megabytes.
const TEXT = new Set(['.html', '.js', '.mjs', '.css', '.svg', '.json', '.txt', '.webmanifest']);
/** Below this a compressed copy saves less than a packet. */
const MIN_BYTES = 1024;

const root = process.argv[2];
if (!root || !statSync(root, { throwIfNoEntry: false })?.isDirectory()) {
  console.error('usage: precompress.mjs <directory of a static build>');
  process.exit(2);
}

function* filesUnder(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(path);
    else if (TEXT.has(extname(entry.name))) yield path;
  }
}

let files = 0;
let before = 0;
let after = 0;
for (const file of filesUnder(resolve(root))) {
  const content = readFileSync(file);
  if (content.length < MIN_BYTES) continue;
  const copies = {
    '.br': brotliCompressSync(content, {
      params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: content.length },
    }),
    '.gz': gzipSync(content, { level: 9 }),
  };
  for (const [suffix, copy] of Object.entries(copies)) if (copy.length < content.length) writeFileSync(`${file}${suffix}`, copy);
  files += 1;
  before += content.length;
  after += copies['.br'].length;
}
console.log(`precompressed ${files} files under ${relative(process.cwd(), resolve(root)) || '.'}: ${before} bytes, ${after} as brotli`);
