#!/usr/bin/env node
/**
 * Folder-level import cycles. Under each root (utils/, entrypoints/, components/, endpoint/src/) a module is a
 * top-level folder with everything inside it (utils/hash/** is one) or a top-level file (utils/messages.ts);
 * an import from module A of a file in module B is an edge A → B. Prints every strongly connected group of
 * two or more modules, one import per edge as evidence; exit 1 when there is any.
 * `node scripts/folder-cycles.mjs [root…]`.
 */
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const roots = process.argv.slice(2).length ? process.argv.slice(2) : ['utils', 'entrypoints', 'components', 'endpoint/src'];
const repo = process.cwd();
const files = roots.flatMap((root) => walk(resolve(repo, root)));
const absoluteRoots = roots.map((root) => resolve(repo, root));

/** The module a file belongs to: its root's top-level folder, or the file itself when it sits at the root. */
function moduleOf(file) {
  const root = absoluteRoots.filter((r) => file.startsWith(`${r}/`)).sort((a, b) => b.length - a.length)[0];
  if (!root) return relative(repo, file);
  const [first] = relative(root, file).split('/');
  return relative(repo, join(root, first));
}

function walk(path) {
  if (!existsSync(path)) return [];
  if (statSync(path).isFile()) return /\.(ts|tsx|mts)$/.test(path) && !path.endsWith('.d.ts') ? [path] : [];
  return readdirSync(path).filter((name) => name !== 'node_modules').flatMap((name) => walk(join(path, name)));
}

function resolveImport(from, spec) {
  let base;
  if (spec.startsWith('.')) base = resolve(dirname(from), spec);
  else if (spec.startsWith('@/') || spec.startsWith('~/')) base = resolve(repo, spec.slice(2));
  else return undefined;
  base = base.replace(/\.(js|mjs)$/, '');
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

const edges = new Map();
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  for (const match of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'";]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    const target = resolveImport(file, match[1] ?? match[2]);
    if (!target) continue;
    const a = moduleOf(file);
    const b = moduleOf(target);
    if (a === b) continue;
    if (!edges.has(a)) edges.set(a, new Map());
    if (!edges.get(a).has(b)) edges.get(a).set(b, `${relative(repo, file)} → ${relative(repo, target)}`);
  }
}

// Tarjan's strongly connected components.
const nodes = new Set([...edges.keys(), ...[...edges.values()].flatMap((m) => [...m.keys()])]);
let index = 0;
const stack = [];
const info = new Map();
const groups = [];
function connect(v) {
  info.set(v, { index, low: index, onStack: true });
  index++;
  stack.push(v);
  for (const w of edges.get(v)?.keys() ?? []) {
    if (!info.has(w)) {
      connect(w);
      info.get(v).low = Math.min(info.get(v).low, info.get(w).low);
    } else if (info.get(w).onStack) info.get(v).low = Math.min(info.get(v).low, info.get(w).index);
  }
  if (info.get(v).low === info.get(v).index) {
    const group = [];
    let w;
    do {
      w = stack.pop();
      info.get(w).onStack = false;
      group.push(w);
    } while (w !== v);
    if (group.length > 1) groups.push(group.sort());
  }
}
for (const v of nodes) if (!info.has(v)) connect(v);

console.log(`${files.length} files, ${nodes.size} modules, ${groups.length} folder-level cycle group(s)`);
for (const group of groups) {
  console.log(`\n[${group.join(', ')}]`);
  for (const a of group) for (const [b, why] of edges.get(a) ?? []) if (group.includes(b)) console.log(`  ${a} → ${b}   (${why})`);
}
process.exitCode = groups.length ? 1 : 0;
