// Ground truth from Mermaid's own parsers for the non-flowchart diagram types, run headless
// under jsdom. See ../README.md for the schema of every field.
//
//   TZ=UTC node tools/truth.mjs <node_modules-dir> <corpus-dir> <truth-out-dir> [type/id ...]
//
// For each corpus/<type>/NNNN.mmd writes truth/<type>/NNNN.json.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

// Gantt resolves "today" (tasks `after` an unknown id, `until` an unknown id) from the clock, so
// the clock is fixed. Dates are local time in Mermaid; TZ=UTC makes local time UTC.
process.env.TZ = 'UTC';
const FIXED_NOW = Date.UTC(2026, 0, 5); // Monday 2026-01-05T00:00:00Z
const RealDate = Date;
class FixedDate extends RealDate {
  constructor(...a) {
    if (a.length === 0) super(FIXED_NOW);
    else super(...a);
  }
  static now() { return FIXED_NOW; }
}
globalThis.Date = FixedDate;

const say = (s) => process.stderr.write(s + '\n');
// A `%%{init: {logLevel: 0}}%%` directive turns Mermaid's console logging on for that file.
for (const k of ['log', 'debug', 'info', 'warn', 'error', 'trace']) console[k] = () => {};

const [NM, CORPUS, OUT, ...only] = process.argv.slice(2);
if (!NM || !CORPUS || !OUT) {
  say('usage: node truth.mjs <node_modules-dir> <corpus-dir> <out-dir> [type/id ...]');
  process.exit(2);
}
const req = createRequire(path.resolve(NM) + '/');
const { JSDOM } = req('jsdom');
const dom = new JSDOM('<!doctype html><html><body></body></html>', { pretendToBeVisual: true });
// DOMPurify (used by sanitizeText) needs a window; some dbs look up `document`.
globalThis.window = dom.window;
globalThis.document = dom.window.document;
// sequence `box` colours are checked with CSS.supports (browsers) or else `new Option().style`;
// jsdom has neither CSS.supports nor a global Option. A colour is supported when jsdom's CSS
// parser keeps it, as a browser's does.
dom.window.CSS = {
  supports(prop, value) {
    const style = new dom.window.Option().style;
    style.setProperty(prop, value);
    return style.getPropertyValue(prop) !== '';
  },
};
globalThis.Option = dom.window.Option;

const mermaidMain = req.resolve('mermaid');
const mermaidPkg = JSON.parse(fs.readFileSync(req.resolve('mermaid/package.json'), 'utf8'));
const mermaid = (await import(pathToFileURL(mermaidMain).href)).default;
const BASE_CONFIG = { startOnLoad: false, logLevel: 5 };
mermaid.initialize(BASE_CONFIG);

// A few internals that the public API does not export: the front-matter matcher and YAML loader
// (for the front-matter `title`, which only mermaid.render passes on), the config scope (as
// render sets it) and registerDiagram (for a fresh gantt module per file, see below). They are
// found by name in the chunk files the main module imports, so the same module instances are used.
const chunkDir = path.join(path.dirname(mermaidMain), 'chunks', 'mermaid.core');
async function internal(names) {
  const found = {};
  for (const f of fs.readdirSync(chunkDir).filter((f) => f.endsWith('.mjs'))) {
    const src = fs.readFileSync(path.join(chunkDir, f), 'utf8');
    const m = /export \{([^}]*)\};?\s*(\/\*[\s\S]*)?$/.exec(src);
    if (!m) continue;
    const exported = m[1].split(',').map((s) => s.trim().split(/\s+as\s+/).pop());
    if (!names.some((n) => exported.includes(n))) continue;
    const mod = await import(pathToFileURL(path.join(chunkDir, f)).href);
    for (const n of names) if (n in mod && !(n in found)) found[n] = mod[n];
  }
  for (const n of names) if (!(n in found)) throw new Error(`mermaid internal '${n}' not found`);
  return found;
}
const I = await internal(['matchFrontMatter', 'load', 'JSON_SCHEMA', 'setDiagramConfigScope', 'registerDiagram', 'directiveRegex']);

// Mermaid's ganttDb keeps a task-id index at module level that clear() does not reset, so one
// diagram's ids leak into the next. Each gantt file therefore gets a fresh instance of the gantt
// module. The chunk is the one mermaid's own lazy loader imports for id "gantt".
const loaderSrc = fs.readFileSync(mermaidMain, 'utf8');
const chunkOf = (id) => {
  const m = new RegExp(`var id\\d* = "${id}";[\\s\\S]*?await import\\("([^"]+)"\\)`).exec(loaderSrc);
  if (!m) throw new Error(`no loader for ${id}`);
  return pathToFileURL(path.join(path.dirname(mermaidMain), m[1])).href;
};
const ganttChunk = chunkOf('gantt');
let fresh = 0;

// ------------------------------------------------------------------------------------------------
const EXPECTED = { sequence: 'sequence', class: 'classDiagram', state: 'stateDiagram', er: 'er', pie: 'pie', gantt: 'gantt', journey: 'journey', mindmap: 'mindmap' };

/** Drops undefined, null, '', false, [] and {} so the JSON holds only what is set. */
const clean = (o) => {
  const r = {};
  for (const [k, v] of Object.entries(o)) {
    if (v === undefined || v === null || v === '' || v === false) continue;
    if (Array.isArray(v) && v.length === 0) continue;
    if (typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0) continue;
    r[k] = v;
  }
  return r;
};
const entries = (m) => (m instanceof Map ? [...m.entries()] : Object.entries(m || {}));
const str = (v) => (typeof v === 'string' && v !== '' ? v : null);
const classDefs = (m) => {
  const out = {};
  for (const [k, v] of entries(m)) out[k] = clean({ styles: v.styles, text_styles: v.textStyles });
  return out;
};

// Source positions. Mermaid parses a preprocessed text: CRLF -> LF, front matter cut, %%{…}%%
// directives cut, whole-line %% comments (and the blank lines before them) cut, leading white
// space trimmed. Each step here is done on a text that remembers each character's source offset,
// so a position Mermaid reports can be mapped back to the .mmd file.
function tracked(src) {
  return { s: src, map: [...Array(src.length + 1).keys()] };
}
function cut(t, re) {
  let s = '';
  const map = [];
  let last = 0;
  for (const m of t.s.matchAll(re)) {
    s += t.s.slice(last, m.index);
    map.push(...t.map.slice(last, m.index));
    last = m.index + m[0].length;
  }
  s += t.s.slice(last);
  map.push(...t.map.slice(last));
  return { s, map };
}
function preprocessedToSource(src) {
  let t = tracked(src);
  t = cut(t, /\r(?=\n)/g);
  t = { s: t.s.replace(/\r/g, '\n'), map: t.map };
  const fm = I.matchFrontMatter(t.s);
  if (fm) t = { s: t.s.slice(fm.length), map: t.map.slice(fm.length) };
  t = cut(t, new RegExp(I.directiveRegex.source, 'gi'));
  t = cut(t, /^\s*%%(?!{)[^\n]+\n?/gm);
  t = cut(t, /^\s+/g);
  return t;
}
function sourcePos(src, line, col0) {
  // line: 1-based line of the preprocessed text; col0: 0-based UTF-16 column in it
  if (!Number.isInteger(line) || line < 1) return { line: null, column: null };
  const t = preprocessedToSource(src);
  let off = 0;
  for (let l = 1; l < line; l++) {
    const nl = t.s.indexOf('\n', off);
    if (nl < 0) {
      off = t.s.length; // past the last line: the error is at the end of the text
      break;
    }
    off = nl + 1;
  }
  off = Math.min(off + Math.max(0, col0 || 0), t.map.length - 1);
  const so = t.map[off];
  const before = src.slice(0, so).replace(/\r\n?/g, '\n');
  const lines = before.split('\n');
  return { line: lines.length, column: [...lines[lines.length - 1]].length + 1 };
}
function errorOf(e, src) {
  const message = String((e && e.message) || e);
  let line = null;
  let column = null;
  if (e && e.hash && e.hash.loc && e.hash.expected && !/inactivate an inactive/.test(message)) {
    // jison reports the last token it shifted; the error is at the point just after it
    ({ line, column } = sourcePos(src, e.hash.loc.last_line, e.hash.loc.last_column));
  } else if (e && e.hash && Number.isInteger(e.hash.line) && /^Lexical error/.test(message)) {
    // jison lexer error: only the 0-based line of the text Mermaid parsed
    ({ line } = sourcePos(src, e.hash.line + 1, 0));
  } else if (e && e.result) {
    // langium (pie): first lexer or parser error, 1-based line and column
    const le = (e.result.lexerErrors || [])[0];
    const pe = (e.result.parserErrors || [])[0];
    const pos = le ? { line: le.line, column: le.column } : pe && pe.token ? { line: pe.token.startLine, column: pe.token.startColumn } : null;
    if (pos && Number.isFinite(pos.line)) ({ line, column } = sourcePos(src, pos.line, (pos.column || 1) - 1));
  }
  return { message: message.slice(0, 800), line, column, kind: (e && (e.name === 'Error' ? e.constructor.name : e.name)) || 'Error' };
}
function frontMatterTitle(src) {
  const m = I.matchFrontMatter(src.replace(/\r\n?/g, '\n'));
  if (!m) return undefined;
  const body = m.indent ? m.body.split('\n').map((l) => (l.startsWith(m.indent) ? l.slice(m.indent.length) : l)).join('\n') : m.body;
  try {
    const y = I.load(body, { schema: I.JSON_SCHEMA });
    return y && typeof y === 'object' && y.title ? String(y.title) : undefined;
  } catch {
    return undefined;
  }
}

// ---------- sequence ------------------------------------------------------------------------------
const LT = {
  0: 'solid', 1: 'dotted', 3: 'solid_cross', 4: 'dotted_cross', 5: 'solid_open', 6: 'dotted_open',
  24: 'solid_point', 25: 'dotted_point', 33: 'bidirectional_solid', 34: 'bidirectional_dotted',
  41: 'solid_top', 42: 'solid_bottom', 43: 'stick_top', 44: 'stick_bottom',
  45: 'solid_top_reverse', 46: 'solid_bottom_reverse', 47: 'stick_top_reverse', 48: 'stick_bottom_reverse',
  51: 'solid_top_dotted', 52: 'solid_bottom_dotted', 53: 'stick_top_dotted', 54: 'stick_bottom_dotted',
  55: 'solid_top_reverse_dotted', 56: 'solid_bottom_reverse_dotted', 57: 'stick_top_reverse_dotted', 58: 'stick_bottom_reverse_dotted',
};
const BLOCK_START = { 10: 'loop', 12: 'alt', 15: 'opt', 19: 'par', 32: 'par_over', 22: 'rect', 27: 'critical', 30: 'break' };
const BLOCK_SECTION = { 13: 'else', 20: 'and', 28: 'option' };
const BLOCK_END = new Set([11, 14, 16, 21, 23, 29, 31]);
const PLACEMENT = { 0: 'left_of', 1: 'right_of', 2: 'over' };
const CENTRAL = { 59: 'to', 60: 'from', 61: 'both' };

function sequenceModel(db) {
  const actors = db.getActors();
  const created = db.getCreatedActors();
  const destroyed = db.getDestroyedActors();
  const boxes = db.getBoxes();
  const msgs = db.getMessages();
  const createdAt = new Map([...created.entries()].map(([a, i]) => [i, a]));
  const destroyedAt = new Map([...destroyed.entries()].map(([a, i]) => [i, a]));
  const participants = [...actors.entries()].map(([id, a]) => clean({
    id,
    label: a.description,
    kind: a.type,
    box: a.box ? boxes.indexOf(a.box) : undefined,
    created: created.has(id) || undefined,
    destroyed: destroyed.has(id) || undefined,
    wrap: a.wrap || undefined,
    links: a.links,
    properties: a.properties,
  }));
  const root = { statements: [] };
  const stack = [root];
  let cur = root.statements;
  let messages = 0;
  let notes = 0;
  let blocks = 0;
  msgs.forEach((m, i) => {
    const t = m.type;
    if (t in BLOCK_START) {
      blocks++;
      const b = { kind: 'block', block: BLOCK_START[t], sections: [{ label: m.message, statements: [] }] };
      cur.push(b);
      stack.push(b);
      cur = b.sections[0].statements;
    } else if (t in BLOCK_SECTION) {
      const b = stack[stack.length - 1];
      const s = { label: m.message, statements: [] };
      if (b.sections) { b.sections.push(s); cur = s.statements; }
    } else if (BLOCK_END.has(t)) {
      if (stack.length > 1) stack.pop();
      const b = stack[stack.length - 1];
      cur = b.sections ? b.sections[b.sections.length - 1].statements : b.statements;
    } else if (t === 2) {
      notes++;
      const over = m.placement === 2;
      cur.push(clean({ kind: 'note', placement: PLACEMENT[m.placement], actors: over && m.to !== m.from ? [m.from, m.to] : [m.from], text: m.message, wrap: m.wrap || undefined }));
    } else if (t === 17 || t === 18) {
      cur.push({ kind: t === 17 ? 'activate' : 'deactivate', actor: m.from });
    } else if (t in CENTRAL) {
      cur.push({ kind: 'central_connection', actor: m.from, end: CENTRAL[t] });
    } else if (t === 26) {
      const n = m.message || {};
      cur.push(clean({ kind: 'autonumber', start: n.start, step: n.step, visible: n.visible !== false ? true : undefined, off: n.visible === false || undefined }));
    } else if (t in LT) {
      messages++;
      cur.push(clean({
        kind: 'message', from: m.from, to: m.to, arrow: LT[t], text: m.message,
        activate: m.activate || undefined,
        central: m.centralConnection ? CENTRAL[m.centralConnection] : undefined,
        wrap: m.wrap || undefined,
        creates: createdAt.get(i), destroys: destroyedAt.get(i),
      }));
    } else {
      cur.push({ kind: 'unknown', type: t });
    }
  });
  return {
    participants,
    boxes: boxes.map((b) => clean({ label: b.name, color: b.fill, participants: b.actorKeys, wrap: b.wrap || undefined })),
    statements: root.statements,
    counts: { participants: participants.length, messages, notes, blocks },
  };
}

// ---------- class ---------------------------------------------------------------------------------
const REL = { 0: 'aggregation', 1: 'extension', 2: 'composition', 3: 'dependency', 4: 'lollipop' };
const member = (m) => {
  const d = m.getDisplayDetails ? m.getDisplayDetails().displayText : undefined;
  const c = clean({
    visibility: m.visibility, name: m.id, parameters: m.memberType === 'method' ? m.parameters ?? '' : undefined,
    return_type: m.returnType, classifier: m.classifier, display: d,
  });
  return m.memberType === 'method' ? { ...c, parameters: m.parameters ?? '' } : c;
};
function classModel(db) {
  const classes = [...db.getClasses().values()].map((c) => clean({
    id: c.id,
    label: c.label !== c.id ? c.label : undefined,
    generic: c.type,
    annotations: c.annotations,
    attributes: c.members.map(member),
    methods: c.methods.map(member),
    namespace: c.parent,
    css_classes: (c.cssClasses || '').split(/\s+/).filter((x) => x && x !== 'default'),
    styles: c.styles,
    link: c.link,
    link_target: c.link ? c.linkTarget : undefined,
    tooltip: c.tooltip,
    callback: c.haveCallback || undefined,
  }));
  const relations = db.getRelations().map((r) => clean({
    from: r.id1,
    to: r.id2,
    start: REL[r.relation.type1] || 'none',
    end: REL[r.relation.type2] || 'none',
    line: r.relation.lineType === 1 ? 'dotted' : 'solid',
    label: r.title,
    card_from: r.relationTitle1 !== 'none' ? r.relationTitle1 : undefined,
    card_to: r.relationTitle2 !== 'none' ? r.relationTitle2 : undefined,
  }));
  const notes = [...db.getNotes().values()].map((n) => clean({ id: n.id, class: n.class, text: n.text, namespace: n.parent }));
  const namespaces = [...db.getNamespaces().values()].map((n) => clean({
    id: n.id, label: n.label !== n.id ? n.label : undefined, parent: n.parent, explicit: n.explicit || undefined,
  }));
  const interfaces = (db.interfaces || []).map((i) => ({ id: i.id, label: i.label, class: i.classId }));
  return {
    classes, relations, notes, namespaces, interfaces, class_defs: classDefs(db.styleClasses),
    counts: { classes: classes.length, relations: relations.length, notes: notes.length, namespaces: namespaces.length },
  };
}

// ---------- state ---------------------------------------------------------------------------------
const STATE_KIND = { stateStart: 'start', stateEnd: 'end', fork: 'fork', join: 'join', choice: 'choice', rect: 'normal', rectWithTitle: 'normal', roundedWithTitle: 'composite' };
function stateModel(db) {
  const data = db.getData();
  const byId = new Map(data.nodes.map((n) => [n.id, n]));
  // concurrency regions: divider groups, renamed "<composite>#<k>" (Mermaid's own ids for them
  // are a counter and a random id)
  const region = new Map();
  const perParent = new Map();
  for (const n of data.nodes) {
    if (n.shape !== 'divider') continue;
    const k = perParent.get(n.parentId) || 0;
    perParent.set(n.parentId, k + 1);
    region.set(n.id, { parent: n.parentId, index: k, name: `${n.parentId}#${k}` });
  }
  const rename = (id) => {
    if (region.has(id)) return region.get(id).name;
    const m = /^(.*)_(start|end)$/.exec(id || '');
    if (m && region.has(m[1])) return `${region.get(m[1]).name}_${m[2]}`;
    return id;
  };
  const realParent = (p) => {
    // a divider's parent is the composite; return [composite, region index]
    if (p && region.has(p)) return [rename(region.get(p).parent), region.get(p).index];
    return [p ? rename(p) : undefined, undefined];
  };
  const states = [];
  const notes = [];
  for (const n of data.nodes) {
    if (n.shape === 'divider' || n.shape === 'noteGroup') continue;
    if (n.shape === 'note') {
      const group = byId.get(n.parentId);
      const stateId = n.id.replace(/----note-\d+$/, '');
      const [parent] = realParent(group && group.parentId);
      notes.push(clean({ state: rename(stateId), position: n.position, text: n.label, parent }));
      continue;
    }
    const [parent, reg] = realParent(n.parentId);
    const kind = n.isGroup ? 'composite' : STATE_KIND[n.shape] || n.shape;
    states.push(clean({
      id: rename(n.id),
      kind,
      // pseudo-states carry their id as label; a state's label is its id unless described
      label: typeof n.label === 'string' && n.label !== n.id ? n.label : undefined,
      descriptions: Array.isArray(n.description) ? n.description : undefined,
      parent,
      region: reg,
      regions: n.isGroup && perParent.get(n.id) ? perParent.get(n.id) : undefined,
      dir: n.isGroup ? n.dir : undefined,
      classes: (n.cssClasses || '').split(/\s+/).filter((c) => c && !c.startsWith('statediagram')),
      styles: n.cssStyles,
    }));
  }
  const noteIds = new Set(data.nodes.filter((n) => n.shape === 'note').map((n) => n.id));
  const transitions = data.edges.filter((e) => !noteIds.has(e.end) && !noteIds.has(e.start)).map((e) => clean({
    from: rename(e.start), to: rename(e.end), label: e.label,
  }));
  const links = entries(db.getLinks()).map(([id, l]) => clean({ state: id, url: l.url, tooltip: l.tooltip }));
  return {
    direction: data.direction,
    model: {
      states, transitions, notes, links, class_defs: classDefs(db.getClasses()),
      counts: { states: states.length, transitions: transitions.length, notes: notes.length },
    },
  };
}

// ---------- er ------------------------------------------------------------------------------------
const CARD = { ZERO_OR_ONE: 'zero_or_one', ZERO_OR_MORE: 'zero_or_more', ONE_OR_MORE: 'one_or_more', ONLY_ONE: 'only_one', MD_PARENT: 'md_parent' };
function erModel(db) {
  const ents = db.getEntities();
  const nameOfId = new Map([...ents.entries()].map(([name, e]) => [e.id, name]));
  const entities = [...ents.entries()].map(([name, e]) => clean({
    name,
    alias: e.alias,
    attributes: e.attributes.map((a) => clean({ type: a.type, name: a.name, keys: a.keys, comment: a.comment })),
    css_classes: (e.cssClasses || '').split(/\s+/).filter((x) => x && x !== 'default'),
    styles: e.cssStyles,
  }));
  const relationships = db.getRelationships().map((r) => clean({
    from: nameOfId.get(r.entityA) ?? r.entityA,
    to: nameOfId.get(r.entityB) ?? r.entityB,
    // relSpec.cardB is the marker written next to entityA (the left one), cardA next to entityB
    card_from: CARD[r.relSpec.cardB] || r.relSpec.cardB,
    card_to: CARD[r.relSpec.cardA] || r.relSpec.cardA,
    identifying: r.relSpec.relType === 'IDENTIFYING',
    label: r.roleA,
  }));
  for (const r of relationships) if (r.identifying === undefined) r.identifying = false;
  const subgraphs = (db.getSubGraphs ? db.getSubGraphs() : []).map((s) => clean({
    id: s.id, title: s.title, members: (s.nodes || []).map((n) => nameOfId.get(n) ?? n), dir: s.dir, parent: s.parent,
    css_classes: s.classes, styles: s.cssStyles,
  }));
  return {
    entities, relationships, subgraphs, class_defs: classDefs(db.getClasses()),
    counts: { entities: entities.length, relationships: relationships.length },
  };
}

// ---------- pie, gantt, journey, mindmap ---------------------------------------------------------
function pieModel(db) {
  const slices = entries(db.getSections()).map(([label, value]) => ({ label, value }));
  return { show_data: !!db.getShowData(), slices, counts: { slices: slices.length } };
}

const trim = (v) => (typeof v === 'string' ? v.trim() : v);
const iso = (d) => (d instanceof RealDate && !isNaN(d.getTime()) ? d.toISOString() : d == null ? undefined : String(d));
function ganttModel(db) {
  const tasks = db.getTasks().map((t) => {
    const sd = t.raw && t.raw.startTime && t.raw.startTime.type === 'getStartDate' ? t.raw.startTime.startData.trim() : '';
    const ed = t.raw && t.raw.endTime ? String(t.raw.endTime.data).trim() : '';
    const after = /^after\s+/.test(sd) ? sd.replace(/^after\s+/, '').split(' ').filter(Boolean) : undefined;
    const until = /^until\s+/.test(ed) ? ed.replace(/^until\s+/, '').split(' ').filter(Boolean) : undefined;
    return clean({
      id: t.id, name: typeof t.task === 'string' ? t.task.trim() : t.task, section: t.section,
      start: iso(t.startTime), end: iso(t.endTime), render_end: iso(t.renderEndTime),
      start_spec: sd || undefined, end_spec: ed || undefined, after, until,
      milestone: t.milestone, crit: t.crit, active: t.active, done: t.done, vert: t.vert,
      classes: t.classes,
      link: db.getLinks().get(t.id),
    });
  });
  return {
    date_format: str(trim(db.getDateFormat())),
    axis_format: str(trim(db.getAxisFormat())),
    tick_interval: str(trim(db.getTickInterval())),
    today_marker: str(trim(db.getTodayMarker())),
    display_mode: str(trim(db.getDisplayMode())),
    weekday: str(db.getWeekday()),
    inclusive_end_dates: !!db.endDatesAreInclusive(),
    top_axis: !!db.topAxisEnabled(),
    includes: db.getIncludes(),
    excludes: db.getExcludes(),
    sections: db.getSections(),
    tasks,
    counts: { sections: db.getSections().length, tasks: tasks.length },
  };
}

function journeyModel(db) {
  const tasks = db.getTasks().map((t) => ({ name: t.task, section: t.section, score: t.score, actors: t.people }));
  return { sections: db.getSections(), tasks, actors: db.getActors(), counts: { sections: db.getSections().length, tasks: tasks.length } };
}

const MM_SHAPE = { 0: 'default', 1: 'rounded_rect', 2: 'rect', 3: 'circle', 4: 'cloud', 5: 'bang', 6: 'hexagon' };
function mindmapModel(db) {
  let n = 0;
  let depth = 0;
  const node = (m, d) => {
    n++;
    depth = Math.max(depth, d);
    return clean({ id: m.nodeId, text: m.descr, shape: MM_SHAPE[m.type] ?? String(m.type), icon: m.icon, class: m.class, children: m.children.map((c) => node(c, d + 1)) });
  };
  const mm = db.getMindmap();
  const root = mm ? node(mm, 0) : null;
  return { root, counts: { nodes: n, depth } };
}

// ------------------------------------------------------------------------------------------------
async function truthFor(type, id, src) {
  const out = {
    id, type, mermaid_version: mermaidPkg.version, parses: false, error: null, diagram_type: null,
    title: null, acc_title: null, acc_descr: null, direction: null, config: {},
  };
  mermaid.mermaidAPI.reset();
  mermaid.initialize(BASE_CONFIG);
  if (type === 'gantt') {
    const { diagram } = await import(`${ganttChunk}?fresh=${++fresh}`);
    I.registerDiagram('gantt', diagram);
  }
  let res;
  try {
    res = await mermaid.parse(src);
  } catch (e) {
    out.error = errorOf(e, src);
    return out;
  }
  out.diagram_type = res.diagramType;
  if (res.diagramType !== EXPECTED[type]) {
    out.error = { message: `detected as diagram type '${res.diagramType}', not ${EXPECTED[type]}`, line: null, column: null, kind: 'WrongType' };
    return out;
  }
  // The same parse again, the way mermaid.render does it: config scope set and the front-matter
  // title passed in (parse() keeps the directives it added until the next reset()).
  let d;
  try {
    I.setDiagramConfigScope(res.diagramType);
    d = await mermaid.mermaidAPI.getDiagramFromText(src, { title: frontMatterTitle(src) });
  } finally {
    I.setDiagramConfigScope(undefined);
  }
  const db = d.db;
  out.parses = true;
  out.config = res.config || {};
  out.title = str(db.getDiagramTitle && db.getDiagramTitle());
  out.acc_title = str(db.getAccTitle && db.getAccTitle());
  out.acc_descr = str(db.getAccDescription && db.getAccDescription());
  let model;
  try {
    switch (type) {
      case 'sequence': model = sequenceModel(db); break;
      case 'class': out.direction = db.getDirection(); model = classModel(db); break;
      case 'state': { const r = stateModel(db); out.direction = r.direction; model = r.model; break; }
      case 'er': out.direction = db.getDirection(); model = erModel(db); break;
      case 'pie': model = pieModel(db); break;
      case 'gantt': model = ganttModel(db); break;
      case 'journey': model = journeyModel(db); break;
      case 'mindmap': model = mindmapModel(db); break;
    }
  } catch (e) {
    // Mermaid's parser accepted the text but reading its model failed, as its renderer would
    out.model_error = String((e && e.message) || e).slice(0, 800);
    return out;
  }
  return { ...out, ...model };
}

const TYPES = Object.keys(EXPECTED);
let total = 0;
const summary = {};
for (const type of TYPES) {
  const dir = path.join(CORPUS, type);
  if (!fs.existsSync(dir)) continue;
  let files = fs.readdirSync(dir).filter((f) => f.endsWith('.mmd')).sort();
  if (only.length) files = files.filter((f) => only.includes(`${type}/${f.replace(/\.mmd$/, '')}`) || only.includes(type));
  if (!files.length) continue;
  fs.mkdirSync(path.join(OUT, type), { recursive: true });
  const s = (summary[type] = { files: 0, parses: 0, rejected: 0, model_error: 0, t0: performance.now() });
  for (const f of files) {
    const id = f.replace(/\.mmd$/, '');
    const src = fs.readFileSync(path.join(dir, f), 'utf8');
    let t;
    try {
      t = await truthFor(type, id, src);
    } catch (e) {
      t = { id, type, mermaid_version: mermaidPkg.version, parses: false, error: { message: 'oracle failure: ' + String(e && e.message), line: null, column: null, kind: 'OracleFailure' } };
    }
    s.files++;
    if (t.parses) s.parses++;
    else s.rejected++;
    if (t.model_error) s.model_error++;
    total++;
    fs.writeFileSync(path.join(OUT, type, id + '.json'), JSON.stringify(t, null, 1) + '\n');
  }
  s.seconds = ((performance.now() - s.t0) / 1000).toFixed(1);
}
for (const [t, s] of Object.entries(summary)) say(`${t}: ${s.files} files, ${s.parses} parse, ${s.rejected} rejected${s.model_error ? `, ${s.model_error} model errors` : ''} (${s.seconds} s)`);
say(`truth: ${total} files (mermaid ${mermaidPkg.version})`);
