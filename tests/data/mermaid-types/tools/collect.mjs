// Builds corpus/<type>/NNNN.mmd and manifest.jsonl from a mermaid-js/mermaid checkout, the public
// repositories of tools/repos.json and tools/handwritten/. Run once to make the corpus; rebuild.sh
// does not run it.
//
//   node tools/collect.mjs <node_modules-dir> <mermaid-git-dir> <commit> <out-dir> [<mirror-root>]
//
// <mirror-root>/<owner>+<name>/repo is a git directory of each repository in tools/repos.json.
//
// Sources, in dedup priority order:
//   parser-spec  packages/mermaid/src/diagrams/<type>/**/parser/*.spec.*  (executed, see runSpec)
//   unit-spec    the other packages/mermaid/src/diagrams/<type>/**/*.spec.* and packages/parser/tests
//   docs         ```mermaid / mermaid-example / mermaid-nocode fences in docs/**/*.md and
//                packages/mermaid/src/docs/**/*.md
//   cypress      cypress/integration/rendering/**/*.spec.* (executed; strings dedented and trimmed,
//                as the e2e page does before mermaid.render)
//   html-demo    class="mermaid" elements of demos/*.html and cypress/platform/*.html
//   repo         ```mermaid fences (or whole .mmd files) of the files tools/repos.json names, at
//                the commit given there; at most REPO_CAP new files per repository and type
//   handwritten  tools/handwritten/<type>/*.mmd, written for this corpus (CJK labels, <br>, …)
// Two sources are the same when they are equal after trimming every line and dropping blank lines.
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

const [NM, GIT, COMMIT, OUT, MIRRORS] = process.argv.slice(2);
const HERE = path.dirname(new URL(import.meta.url).pathname);
const REPO_CAP = 30;
if (!NM || !GIT || !COMMIT || !OUT) {
  console.error('usage: node collect.mjs <node_modules-dir> <mermaid-git-dir> <commit> <out-dir> [<mirror-root>]');
  process.exit(2);
}
const req = createRequire(path.resolve(NM) + '/');
const esbuild = req('esbuild');
const { dedent } = req('ts-dedent');
const { JSDOM } = req('jsdom');

const gitIn = (dir, ...a) => execFileSync('git', ['-C', dir, ...a], { maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe'] }).toString('utf8');
const listFiles = (dir, commit) => gitIn(dir, '-c', 'core.quotepath=off', 'ls-tree', '-r', '--name-only', commit).split('\n').filter(Boolean);
const files = listFiles(GIT, COMMIT);
const show = (p) => gitIn(GIT, 'show', `${COMMIT}:${p}`);

const TYPES = ['sequence', 'class', 'state', 'er', 'pie', 'gantt', 'journey', 'mindmap'];

/** The diagram keyword after front matter, %%{…}%% directives and %% comment lines. */
export function header(src) {
  let t = src.replace(/\r\n?/g, '\n');
  let frontmatter = false;
  const fm = /^[ \t]*---[ \t]*\n[\s\S]*?\n[ \t]*---[ \t]*(\n|$)/.exec(t);
  if (fm) { frontmatter = true; t = t.slice(fm[0].length); }
  let directive = false;
  t = t.replace(/%%\{[\s\S]*?\}%%/g, () => { directive = true; return ''; });
  t = t.replace(/^\s*%%(?!\{)[^\n]*\n?/gm, '');
  const m = /^\s*(sequenceDiagram|classDiagram-v2|classDiagram|stateDiagram-v2|stateDiagram|erDiagram|pie|gantt|journey|mindmap)(?![\w-])/.exec(t);
  if (!m) return null;
  const kw = m[1];
  const type = { sequenceDiagram: 'sequence', classDiagram: 'class', 'classDiagram-v2': 'class',
    stateDiagram: 'state', 'stateDiagram-v2': 'state', erDiagram: 'er', pie: 'pie', gantt: 'gantt',
    journey: 'journey', mindmap: 'mindmap' }[kw];
  return { type, keyword: kw, frontmatter, directive };
}

const dedupKey = (s) => s.split(/\r?\n/).map((l) => l.trim()).filter(Boolean).join('\n');

// ---------- executing spec files ----------------------------------------------------------------
const recordHooks = { sink: null };
const callRecords = new WeakMap(); // stub call result -> the diagram strings given to that call
const stubs = new WeakSet();

/** A callable proxy standing for an import and everything reached from it. A call records each
 * string argument that is one of our diagrams and returns a fresh stub. */
function makeStub(name) {
  const kids = new Map();
  const f = function () {};
  const p = new Proxy(f, {
    get(_t, k) {
      if (k === 'then') return undefined; // not a thenable, so `await stub` gives the stub
      if (k === '__esModule') return undefined; // so esbuild's __toESM makes it the default import too
      if (k === Symbol.toPrimitive) return () => '';
      if (k === Symbol.iterator) return function* () {};
      if (k === Symbol.asyncIterator) return async function* () {};
      if (k === 'toString' || k === 'valueOf') return () => '';
      if (k === 'toJSON') return () => null;
      if (!kids.has(k)) kids.set(k, makeStub(`${name}.${String(k)}`));
      return kids.get(k);
    },
    set(_t, k, v) { kids.set(k, v); return true; },
    has() { return true; },
    apply(_t, _this, args) {
      const recs = [];
      for (const a of args) recordArg(a, name, recs);
      const r = makeStub(`${name}()`);
      if (recs.length) callRecords.set(r, recs);
      return r;
    },
    construct() { return makeStub(`new ${name}`); },
  });
  stubs.add(p);
  return p;
}

function recordArg(a, via, recs) {
  if (typeof a === 'string') {
    const h = header(a);
    if (h && recordHooks.sink) {
      const r = { text: a, via: via.replace(/\(\)/g, '').replace(/^\.(default\.)?/, ''), h };
      recordHooks.sink.push(r);
      recs.push(r);
    }
  } else if (Array.isArray(a)) {
    for (const x of a) recordArg(x, via, recs);
  }
}

async function runSpec(file, code, origin) {
  const loader = file.endsWith('.ts') ? 'ts' : 'js';
  let js;
  try {
    js = (await esbuild.transform(code, { loader, format: 'cjs', target: 'es2022' })).code;
  } catch (e) {
    console.error(`esbuild failed on ${file}: ${e.message}`);
    return [];
  }
  const out = [];
  const tests = []; // {names, fn}
  const stack = [];
  const hooks = { beforeEach: [] };
  const each = (register) => (table, ...rest) => (name, fn) => {
    const rows = Array.isArray(table) ? table : [];
    rows.forEach((row, i) => {
      const args = Array.isArray(row) ? row : [row];
      register(`${name} [${i}]`, () => fn(...args));
    });
  };
  const registerTest = (name, fn) => { if (typeof fn === 'function') tests.push({ names: [...stack, String(name)], fn }); };
  const registerDescribe = (name, fn) => { stack.push(String(name)); try { if (typeof fn === 'function') fn(); } catch (e) { /* describe body threw */ } stack.pop(); };
  const it = Object.assign((n, f, g) => registerTest(n, typeof f === 'function' ? f : g), {});
  for (const k of ['skip', 'only', 'concurrent', 'fails', 'sequential']) it[k] = it;
  it.todo = () => {};
  it.each = each(registerTest);
  it.skipIf = () => it; it.runIf = () => it;
  const describe = Object.assign((n, f) => registerDescribe(n, f), {});
  for (const k of ['skip', 'only', 'concurrent', 'sequential']) describe[k] = describe;
  describe.each = each(registerDescribe);
  describe.skipIf = () => describe; describe.runIf = () => describe;

  let current = null; // records of the running test
  const THROWS = /^(toThrow|toThrowError|toThrowErrorMatchingSnapshot|toThrowErrorMatchingInlineSnapshot)$/;
  const expect = (x) => {
    const chain = [];
    const matcher = new Proxy(function () {}, {
      get(_t, k) {
        if (k === 'then') return undefined;
        chain.push(String(k));
        return matcher;
      },
      apply() {
        const last = chain[chain.length - 1] || '';
        const negated = chain.includes('not');
        const throwy = THROWS.test(last) || (chain.includes('rejects') && /^to/.test(last));
        let recs = [];
        if (typeof x === 'function' && !isStub(x)) {
          const before = current.length;
          try { const r = x(); if (r && typeof r.catch === 'function') r.catch(() => {}); } catch { /* expected */ }
          recs = current.slice(before);
        } else if (x && (typeof x === 'object' || typeof x === 'function')) {
          recs = callRecords.get(x) || [];
        }
        if (throwy && !negated) for (const r of recs) r.expectsError = true;
        return matcher;
      },
    });
    return matcher;
  };
  const isStub = (f) => stubs.has(f);
  expect.extend = () => {}; expect.any = () => ({}); expect.objectContaining = (o) => o;
  expect.arrayContaining = (a) => a; expect.stringContaining = (s) => s; expect.assertions = () => {};
  expect.soft = expect;

  const sandbox = {
    console: { log() {}, warn() {}, error() {}, info() {}, debug() {}, trace() {} },
    describe, it, test: it, context: describe,
    beforeEach: (f) => hooks.beforeEach.push(f), afterEach() {}, beforeAll: (f) => hooks.beforeEach.push(f), afterAll() {},
    before: (f) => hooks.beforeEach.push(f), after() {},
    expect,
    vi: makeStub('vi'), jest: makeStub('jest'), cy: makeStub('cy'), Cypress: makeStub('Cypress'),
    setTimeout, clearTimeout, Promise, JSON, Math, Date, Array, Object, String, Number, Boolean, Map, Set,
    WeakMap, WeakSet, RegExp, Error, TypeError, Symbol, Proxy, Reflect, structuredClone, encodeURIComponent,
    decodeURIComponent, btoa, atob, TextEncoder, TextDecoder, URL, Buffer,
  };
  sandbox.globalThis = sandbox;
  sandbox.window = makeStub('window');
  sandbox.document = makeStub('document');
  const module = { exports: {} };
  sandbox.module = module; sandbox.exports = module.exports;
  sandbox.require = (m) => {
    if (m === 'ts-dedent') return { dedent, default: dedent };
    if (m === 'vitest') return { describe, it, test: it, expect, vi: sandbox.vi, beforeEach: sandbox.beforeEach, afterEach() {}, beforeAll: sandbox.beforeAll, afterAll() {} };
    return makeStub(''); // esbuild's __toESM then hands it out as the default import too
  };
  const ctx = vm.createContext(sandbox);
  try {
    vm.runInContext(js, ctx, { filename: file, timeout: 5000 });
  } catch (e) {
    console.error(`  top level of ${file} threw: ${String(e.message).slice(0, 120)}`);
  }
  for (const t of tests) {
    current = [];
    recordHooks.sink = current;
    try {
      // run inside the context so that the vm timeout stops a body that loops on a stub
      const call = (fn) => { ctx.__fn = fn; return vm.runInContext('__fn(() => {})', ctx, { timeout: 3000 }); };
      for (const h of hooks.beforeEach) { try { const r = call(h); if (r && r.then) await r.catch(() => {}); } catch { /* ignore */ } }
      const r = call(t.fn);
      if (r && typeof r.then === 'function') {
        await Promise.race([r.catch(() => {}), new Promise((res) => setTimeout(res, 2000))]);
      }
    } catch { /* the test body failed on a stub: keep what it recorded */ }
    recordHooks.sink = null;
    // `let error = false; try { parse(str) } catch { error = true } expect(error).toBe(true)`
    if (/expect\(\s*(error|err|errored|failed|threw|thrown|hasError|errorMessage)\s*\)\s*\.\s*(toBe\(\s*true\s*\)|toContain|toMatch)/.test(String(t.fn))) {
      for (const r of current) r.expectsError = true;
    }
    for (const r of current) out.push({ ...r, notes: `test: ${t.names.join(' > ')}`, origin, source_path: file });
  }
  return out;
}

// ---------- markdown fences and html demos ------------------------------------------------------
function fences(file, md) {
  const out = [];
  const lines = md.split('\n');
  let section = '';
  for (let i = 0; i < lines.length; i++) {
    const h = /^#{1,6}\s+(.*)$/.exec(lines[i]);
    if (h) section = h[1].trim();
    const m = /^(\s*)(```+|~~~+)\s*(mermaid|mermaid-example|mermaid-nocode)\s*$/.exec(lines[i]);
    if (!m) continue;
    const indent = m[1];
    const fence = m[2];
    const body = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const l = lines[j];
      if (l.trimStart().startsWith(fence) && l.trim() === fence.trim()) break;
      body.push(indent && l.startsWith(indent) ? l.slice(indent.length) : l);
    }
    const text = body.join('\n') + '\n';
    const hd = header(text);
    if (hd) out.push({ text, h: hd, via: m[3], notes: `section: ${section}`, origin: 'docs', source_path: file });
    i = j;
  }
  return out;
}

function htmlDemos(file, html) {
  const dom = new JSDOM(html);
  const out = [];
  for (const el of dom.window.document.querySelectorAll('.mermaid')) {
    // mermaid.run(): dedent(entityDecode(innerHTML)).trim(), <br> variants as <br/>
    const ta = dom.window.document.createElement('textarea');
    ta.innerHTML = el.innerHTML;
    const text = dedent(ta.value).trim().replace(/<br\s*\/?>/gi, '<br/>');
    const hd = header(text);
    if (hd) out.push({ text, h: hd, via: 'class="mermaid"', notes: `element ${el.id ? '#' + el.id : el.tagName.toLowerCase()}; dedented+trimmed as mermaid.run() reads it`, origin: 'html-demo', source_path: file });
  }
  return out;
}

// ---------- main --------------------------------------------------------------------------------
const DIAG = { sequence: 'sequence', class: 'class', state: 'state', er: 'er', pie: 'pie', gantt: 'gantt', journey: 'user-journey', mindmap: 'mindmap' };
const all = [];
const specRe = /\.spec\.(js|ts|mjs)$/;
const diagFiles = files.filter((f) => specRe.test(f) && Object.values(DIAG).some((d) => f.startsWith(`packages/mermaid/src/diagrams/${d}/`)));
const parserSpecs = diagFiles.filter((f) => f.includes('/parser/'));
const unitSpecs = [...diagFiles.filter((f) => !f.includes('/parser/')), ...files.filter((f) => /^packages\/parser\/tests\/pie\.test\.ts$/.test(f))];
for (const f of parserSpecs) all.push(...await runSpec(f, show(f), 'parser-spec'));
for (const f of unitSpecs) all.push(...await runSpec(f, show(f), 'unit-spec'));
for (const f of files.filter((f) => /^(docs|packages\/mermaid\/src\/docs)\/.*\.md$/.test(f))) all.push(...fences(f, show(f)));
for (const f of files.filter((f) => /^cypress\/integration\/rendering\/.*\.spec\.(js|ts)$/.test(f))) {
  for (const r of await runSpec(f, show(f), 'cypress')) {
    const text = dedent(r.text).trim();
    all.push({ ...r, text, h: header(text) || r.h, notes: r.notes + '; dedented+trimmed as the cypress page does' });
  }
}
for (const f of files.filter((f) => /^(demos|cypress\/platform)\/[^/]+\.html$/.test(f))) all.push(...htmlDemos(f, show(f)));
const repoEntries = [];
if (MIRRORS) {
  for (const r of JSON.parse(fs.readFileSync(path.join(HERE, 'repos.json'), 'utf8'))) {
    const dir = path.join(MIRRORS, r.repo.replace('/', '+'), 'repo');
    const inc = new RegExp(r.include);
    for (const f of listFiles(dir, r.commit).filter((f) => inc.test(f)).sort()) {
      let text;
      try {
        text = gitIn(dir, 'show', `${r.commit}:${f}`);
      } catch {
        console.error(`  ${r.repo}: ${f} is not in the snapshot (a large file left out); skipped`);
        continue;
      }
      const found = f.endsWith('.mmd')
        ? (header(text) ? [{ text, h: header(text), via: 'file', notes: 'whole .mmd file' }] : [])
        : fences(f, text);
      for (const e of found) repoEntries.push({ ...e, origin: 'repo', source_path: f, repo: r.repo, commit: r.commit, licence: r.licence });
    }
  }
}
// repositories come before the handwritten files in dedup order; REPO_CAP applies after dedup
all.push(...repoEntries.map((e) => ({ ...e, capped: true })));
const hwDir = path.join(HERE, 'handwritten');
for (const t of fs.existsSync(hwDir) ? fs.readdirSync(hwDir).sort() : []) {
  for (const f of fs.readdirSync(path.join(hwDir, t)).filter((f) => f.endsWith('.mmd')).sort()) {
    const text = fs.readFileSync(path.join(hwDir, t, f), 'utf8');
    const h = header(text);
    if (!h) { console.error(`handwritten/${t}/${f}: no diagram header`); continue; }
    if (h.type !== t) console.error(`handwritten/${t}/${f}: header says ${h.type}`);
    const first = /^%% (.*)$/m.exec(text);
    all.push({ text, h, via: 'file', origin: 'handwritten', source_path: `tools/handwritten/${t}/${f}`, licence: 'MIT OR Apache-2.0 (this project)', notes: first ? first[1] : '' });
  }
}

const seen = new Map();
const byType = Object.fromEntries(TYPES.map((t) => [t, []]));
const perRepoType = new Map();
for (const r of all) {
  if (!r.h || r.h.type == null) continue;
  if (r.text.length > 60000) continue; // Mermaid's maxTextSize is 50 000
  const key = r.h.type + '\n' + dedupKey(r.text);
  const prev = seen.get(key);
  if (prev) {
    // the same text expected to parse in one test and to fail in another
    if (!!r.expectsError !== prev.spec_expects_error && (r.origin === 'parser-spec' || r.origin === 'unit-spec')) prev.spec_conflict = true;
    if (r.source_path !== prev.source_path && !prev.also_in.includes(r.source_path)) prev.also_in.push(r.source_path);
    continue;
  }
  if (r.capped) {
    const k = `${r.repo} ${r.h.type}`;
    if ((perRepoType.get(k) || 0) >= REPO_CAP) continue;
    perRepoType.set(k, (perRepoType.get(k) || 0) + 1);
  }
  const entry = {
    type: r.h.type,
    text: r.text,
    source_path: r.source_path,
    repo: r.repo || 'mermaid-js/mermaid',
    commit: r.commit || COMMIT,
    licence: r.licence || 'MIT',
    origin: r.origin,
    via: r.via,
    notes: r.notes,
    header: { keyword: r.h.keyword, frontmatter: r.h.frontmatter, directive: r.h.directive },
    spec_expects_error: !!r.expectsError,
    also_in: [],
  };
  if (r.origin === 'handwritten') { entry.repo = null; entry.commit = null; }
  seen.set(key, entry);
  byType[r.h.type].push(entry);
}
fs.mkdirSync(OUT, { recursive: true });
const manifest = [];
for (const t of TYPES) {
  const dir = path.join(OUT, 'corpus', t);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  byType[t].forEach((e, i) => {
    const id = String(i + 1).padStart(4, '0');
    fs.writeFileSync(path.join(dir, id + '.mmd'), e.text);
    const { text, type, also_in, ...rest } = e;
    manifest.push({ type, id, ...rest, ...(also_in.length ? { also_in } : {}) });
  });
  const n = byType[t].length;
  const origins = {};
  for (const e of byType[t]) origins[e.origin] = (origins[e.origin] || 0) + 1;
  console.error(`${t}: ${n} files ${JSON.stringify(origins)}`);
}
fs.writeFileSync(path.join(OUT, 'manifest.jsonl'), manifest.map((m) => JSON.stringify(m)).join('\n') + '\n');
console.error(`recorded ${all.length} diagram strings; ${manifest.length} files`);
