#!/usr/bin/env node
// `pnpm check:cycles` (second half): fails when workspace packages depend on each other in a
// cycle through any kind of dependency (dev ones too: pnpm warns of those at every install).
// File-level cycles are dependency-cruiser's half (.dependency-cruiser.cjs).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const KINDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];

// The `packages:` globs of pnpm-workspace.yaml, all of the form `folder/*`.
const globs = [];
let inPackages = false;
for (const line of readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8').split('\n')) {
  if (/^\S/.test(line)) inPackages = line.startsWith('packages:');
  const entry = inPackages ? /^\s+-\s+['"]?([^'"\s]+)['"]?/.exec(line)?.[1] : undefined;
  if (entry) globs.push(entry);
}

/** name → workspace packages it depends on */
const graph = new Map();
for (const glob of globs) {
  if (!glob.endsWith('/*')) throw new Error(`check-package-cycles: unsupported workspace glob ${glob}`);
  const parent = join(root, glob.slice(0, -2));
  if (!existsSync(parent)) continue;
  for (const entry of readdirSync(parent, { withFileTypes: true })) {
    const manifest = join(parent, entry.name, 'package.json');
    if (!entry.isDirectory() || !existsSync(manifest)) continue;
    const pkg = JSON.parse(readFileSync(manifest, 'utf8'));
    const deps = KINDS.flatMap((kind) =>
      Object.entries(pkg[kind] ?? {})
        .filter(([, version]) => String(version).startsWith('workspace:'))
        .map(([name]) => name),
    );
    graph.set(pkg.name, [...new Set(deps)]);
  }
}

// Depth-first search; a dependency found on the current path closes a cycle.
const cycles = [];
const done = new Set();
const path = [];
function visit(name) {
  const at = path.indexOf(name);
  if (at !== -1) {
    cycles.push([...path.slice(at), name]);
    return;
  }
  if (done.has(name)) return;
  path.push(name);
  for (const dep of graph.get(name) ?? []) visit(dep);
  path.pop();
  done.add(name);
}
for (const name of [...graph.keys()].sort()) visit(name);

if (cycles.length > 0) {
  for (const cycle of cycles) process.stderr.write(`package cycle: ${cycle.join(' → ')}\n`);
  process.exit(1);
}
process.stdout.write(`no package cycles among ${graph.size} workspace packages\n`);
