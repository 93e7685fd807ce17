// The layers of src/ (src/README.md "Layout and data flow") as data, checked on every
// relative import of src/**/*.ts(x) and native/*.ts: static imports and exports, `import
// type` (a type still couples two modules: moving one breaks the other's build), and
// import('...') with a literal. Reads go up from host/ to the views; writes go through
// act/ (and image/, which act builds on) and native/. A cycle between any two files
// fails too: it makes the order of module evaluation, and so what is defined when,
// depend on which file is imported first.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

type Layer = 'native' | 'host' | 'model' | 'sampler' | 'image' | 'act' | 'record' | 'ui' | 'serve' | 'fleet' | 'cli';

/** Which other layers a layer's files may import (its own always). */
const MAY_IMPORT: Readonly<Record<Layer, readonly Layer[]>> = {
  // koffi bindings: libc only, plus the one error type they throw (NATIVE_SRC below)
  native: [],
  // the read side: procfs, cgroups, host facts; the lowest layer of src/, so the shared
  // vocabulary (host/vocabulary.ts) and the error types (host/errors.ts) live here
  host: ['native'],
  // pure: samples -> containers, namespaces, rates, events
  model: ['host'],
  // the poll loop reads (host, native's eventfd) and builds the model; it never writes
  sampler: ['host', 'model', 'native'],
  // the image store and the tar reader: the write side's file layer, below act
  image: ['host', 'native'],
  // the write side: launch, exec, set, kill, reap, networks; never the sampler or a view
  act: ['host', 'model', 'image', 'native'],
  // the flight recorder: snapshots and events to segment files and back; the sampler is
  // wired to it by cli/ (it takes snapshots, never reads the host itself but for
  // memory.stat and the kernel log at an OOM kill), flock from native/
  record: ['host', 'model', 'native'],
  // Ink: shows the model; key actions reach act/ only through the callbacks cli/ passes in
  ui: ['host', 'model'],
  // `nstop serve`'s HTTP side: shows the model as metrics; cli/ passes in the sampler
  // and the JSON shapes (ls --json, events --json)
  serve: ['host', 'model'],
  // many hosts through Prometheus's query API: its answers as the model's snapshots (a
  // SnapshotSource the dashboard reads like the sampler); cli/ wires it in
  fleet: ['host', 'model'],
  // the top: wires everything together
  cli: ['native', 'host', 'model', 'sampler', 'image', 'act', 'record', 'ui', 'serve', 'fleet'],
};

/** The only files of src/ that native/ may import. */
const NATIVE_SRC: readonly string[] = ['src/host/errors.ts'];

function layerOf(file: string): Layer | undefined {
  if (file.startsWith('native/')) return 'native';
  if (file === 'src/cli.ts') return 'cli';
  const top = file.split('/')[1];
  return top !== undefined && top in MAY_IMPORT ? (top as Layer) : undefined;
}

function walk(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const rel = `${dir}/${name}`;
    if (statSync(join(ROOT, rel)).isDirectory()) return walk(rel);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [rel] : [];
  });
}

const sourceFiles = (): string[] => [...walk('src'), ...readdirSync(join(ROOT, 'native')).filter((n) => /\.ts$/.test(n)).map((n) => `native/${n}`)].sort();

/** A relative specifier ('./x.js', '../host/y.js') to the file it names, from the root. */
function resolveImport(from: string, spec: string): string | undefined {
  const base = resolve(ROOT, dirname(from), spec).replace(/\.js$/, '');
  for (const candidate of [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts')]) {
    if (existsSync(candidate)) return relative(ROOT, candidate);
  }
  return undefined;
}

/** Every relative import of a file. ts.preProcessFile finds import/export ... from,
 *  `import type`, side-effect imports and import('literal'), and skips comments. */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(join(ROOT, file), 'utf8'), true, true);
  return info.importedFiles.map((f) => f.fileName).filter((s) => s.startsWith('.'));
}

type Graph = Map<string, string[]>;

function buildGraph(files: readonly string[], unresolved: string[]): Graph {
  const graph: Graph = new Map();
  for (const file of files) {
    const targets: string[] = [];
    for (const spec of importsOf(file)) {
      const target = resolveImport(file, spec);
      if (target === undefined) unresolved.push(`${file} -> ${spec}`);
      else if (!targets.includes(target)) targets.push(target);
    }
    graph.set(file, targets);
  }
  return graph;
}

function violations(graph: Graph): string[] {
  const out: string[] = [];
  for (const [file, targets] of graph) {
    const from = layerOf(file);
    if (from === undefined) {
      out.push(`${file}: in no layer (add its folder to MAY_IMPORT in test/unit/layers.test.ts)`);
      continue;
    }
    for (const target of targets) {
      const to = layerOf(target);
      if (to === from) continue;
      if (from === 'native') {
        if (!NATIVE_SRC.includes(target)) out.push(`${file} -> ${target}: native/ imports nothing from src/ but ${NATIVE_SRC.join(', ')}`);
        continue;
      }
      if (to === undefined || !MAY_IMPORT[from].includes(to)) {
        out.push(`${file} -> ${target}: ${from}/ may import ${MAY_IMPORT[from].join(', ') || 'nothing'} (not ${to ?? 'a file outside the layers'})`);
      }
    }
  }
  return out;
}

/** Strongly connected components of more than one file (or a file importing itself),
 *  each as one cycle through its files in import order (Tarjan, then a path search). */
function cycles(graph: Graph): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || (graph.get(v) ?? []).includes(v)) components.push(component);
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return components.map((component) => cyclePath(graph, new Set(component)));
}

/** One cycle inside a component: breadth-first from its first file (sorted) back to it. */
function cyclePath(graph: Graph, component: ReadonlySet<string>): string[] {
  const start = [...component].sort()[0]!;
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift()!;
    for (const w of graph.get(v) ?? []) {
      if (!component.has(w)) continue;
      if (w === start) {
        const path = [start];
        for (let u: string | undefined = v; u !== undefined && u !== start; u = cameFrom.get(u)) path.splice(1, 0, u);
        return [...path, start];
      }
      if (!cameFrom.has(w)) {
        cameFrom.set(w, v);
        queue.push(w);
      }
    }
  }
  return [...component];
}

test('every import in src/ and native/ resolves to a file in a layer', () => {
  const unresolved: string[] = [];
  const graph = buildGraph(sourceFiles(), unresolved);
  assert.ok(graph.size > 100, `read ${graph.size} files: the walk missed src/`);
  assert.deepEqual(unresolved, [], 'relative imports that name no file');
});

test('no import goes against the layers', () => {
  assert.deepEqual(violations(buildGraph(sourceFiles(), [])), []);
});

test('no import cycle', () => {
  assert.deepEqual(cycles(buildGraph(sourceFiles(), [])).map((c) => c.join(' -> ')), []);
});

test('the check sees a bad import and a cycle (a graph made here)', () => {
  const graph: Graph = new Map([
    ['src/ui/a.ts', ['src/act/b.ts']],
    ['src/act/b.ts', ['src/act/c.ts']],
    ['src/act/c.ts', ['src/act/b.ts']],
    ['native/x.ts', ['src/host/errors.ts', 'src/host/types.ts']],
    ['src/host/d.ts', ['src/model/e.ts']],
  ]);
  assert.deepEqual(violations(graph), [
    'src/ui/a.ts -> src/act/b.ts: ui/ may import host, model (not act)',
    'native/x.ts -> src/host/types.ts: native/ imports nothing from src/ but src/host/errors.ts',
    'src/host/d.ts -> src/model/e.ts: host/ may import native (not model)',
  ]);
  assert.deepEqual(cycles(graph), [['src/act/b.ts', 'src/act/c.ts', 'src/act/b.ts']]);
});
