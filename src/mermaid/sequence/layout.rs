//! Sequence diagram layout, after Mermaid's `sequenceRenderer.ts` (default config): participant
//! boxes left to right (`width` 150, `height` 65, `actorMargin` 50, gaps widened so every
//! message and note text fits between its lifelines), then one walk down the statements that
//! gives each message, note, activation and block its vertical place (`boxMargin` 10,
//! `boxTextMargin` 5, `noteMargin` 10, `activationWidth` 10, self-messages 30 px tall), and the
//! participant boxes again at the bottom (`mirrorActors`). Lengths are px; y grows downwards.
//!
//! Owns geometry only; [`super::svg`] draws it. Text sizes come from the caller's
//! [`TextMeasure`].

use std::collections::HashMap;

use super::model::*;
use crate::mermaid::common::LayoutOptions;
use crate::mermaid::common::label::{Label, LabelKind};
use crate::mermaid::common::measure::{TextBlock, TextMeasure, measure_label};

const BOX_MARGIN: f32 = 10.0;
const BOX_TEXT_MARGIN: f32 = 5.0;
const NOTE_MARGIN: f32 = 10.0;
const WRAP_PADDING: f32 = 10.0;
const ACTIVATION_WIDTH: f32 = 10.0;
const LABEL_BOX_WIDTH: f32 = 50.0;
const LABEL_BOX_HEIGHT: f32 = 20.0;
const DIAGRAM_MARGIN_X: f32 = 50.0;
const DIAGRAM_MARGIN_Y: f32 = 10.0;
const SELF_LOOP_WIDTH: f32 = 60.0;
const SELF_LOOP_HEIGHT: f32 = 30.0;

/// A laid-out sequence diagram.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Layout {
    /// Drawing width, px.
    pub width_px: f32,
    /// Drawing height, px.
    pub height_px: f32,
    /// Label font size, px.
    pub font_size_px: f32,
    /// Participant boxes (top row, created ones where they are created, bottom row).
    pub actors: Vec<ActorBox>,
    /// One lifeline per participant.
    pub lifelines: Vec<Lifeline>,
    /// Messages in source order.
    pub messages: Vec<MessageLayout>,
    /// Notes in source order.
    pub notes: Vec<NoteLayout>,
    /// Activation bars.
    pub activations: Vec<Rect>,
    /// Blocks (`loop`, `alt`, …, `rect`), outer ones first.
    pub blocks: Vec<BlockLayout>,
    /// `box` groups.
    pub groups: Vec<GroupLayout>,
    /// Central-connection circles (centre).
    pub centrals: Vec<(f32, f32)>,
    /// Crosses where participants are destroyed (centre).
    pub destroys: Vec<(f32, f32)>,
    /// The title and the y of its top.
    pub title: Option<(TextBlock, f32)>,
}

/// An axis-aligned rectangle, px (top-left corner and size).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Rect {
    /// Left.
    pub x: f32,
    /// Top.
    pub y: f32,
    /// Width.
    pub w: f32,
    /// Height.
    pub h: f32,
}

impl Rect {
    /// True when `o` lies inside `self` (with `tol` px of slack).
    pub fn contains(&self, o: &Rect, tol: f32) -> bool {
        o.x >= self.x - tol
            && o.y >= self.y - tol
            && o.x + o.w <= self.x + self.w + tol
            && o.y + o.h <= self.y + self.h + tol
    }
}

/// A participant box.
#[derive(Debug, Clone, PartialEq)]
pub struct ActorBox {
    /// Participant index.
    pub participant: usize,
    /// How it is drawn.
    pub kind: ParticipantKind,
    /// The box.
    pub rect: Rect,
    /// The label lines.
    pub label: TextBlock,
    /// The label's box (centred in the rect, or under the figure for drawn kinds).
    pub label_rect: Rect,
    /// The bottom (mirrored) box.
    pub bottom: bool,
}

/// A lifeline: vertical dashed line of one participant.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Lifeline {
    /// Participant index.
    pub participant: usize,
    /// x of the line.
    pub x: f32,
    /// Top end.
    pub y1: f32,
    /// Bottom end.
    pub y2: f32,
}

/// A message arrow with its text.
#[derive(Debug, Clone, PartialEq)]
pub struct MessageLayout {
    /// Sender and receiver participant indices.
    pub from: usize,
    /// Receiver.
    pub to: usize,
    /// x where the line starts.
    pub x1: f32,
    /// x where the line ends (the arrow tip).
    pub x2: f32,
    /// y of the line (the start of the loop for self-messages).
    pub y: f32,
    /// A message to itself (drawn as a loop to the right, `SELF_LOOP_HEIGHT` tall).
    pub self_loop: bool,
    /// The arrow.
    pub arrow: Arrow,
    /// Text lines.
    pub label: TextBlock,
    /// Box of the text.
    pub label_rect: Rect,
    /// The autonumber shown, if any.
    pub number: Option<String>,
    /// The `()` circles.
    pub central: Option<Central>,
}

/// A note.
#[derive(Debug, Clone, PartialEq)]
pub struct NoteLayout {
    /// The note's box.
    pub rect: Rect,
    /// Text lines.
    pub label: TextBlock,
    /// Box of the text.
    pub label_rect: Rect,
}

/// One section of a block: dashed divider (none for the first) and its label.
#[derive(Debug, Clone, PartialEq)]
pub struct SectionLayout {
    /// y of the divider (the block top for the first section).
    pub y: f32,
    /// The label (`[text]`), maybe empty.
    pub label: TextBlock,
    /// Box of the label.
    pub label_rect: Rect,
}

/// A block frame.
#[derive(Debug, Clone, PartialEq)]
pub struct BlockLayout {
    /// Which block.
    pub kind: BlockKind,
    /// The frame.
    pub rect: Rect,
    /// Sections, first one first.
    pub sections: Vec<SectionLayout>,
    /// `rect` colour.
    pub color: Option<String>,
    /// The keyword box in the top-left corner (`loop`, `alt`, …; none for `rect`).
    pub tag_rect: Option<Rect>,
}

/// A `box` group frame.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupLayout {
    /// The frame.
    pub rect: Rect,
    /// Fill colour (`transparent` for none).
    pub color: String,
    /// Title lines (maybe empty).
    pub label: TextBlock,
    /// Box of the title.
    pub label_rect: Rect,
}

struct Ctx<'a> {
    seq: &'a Sequence,
    m: &'a dyn TextMeasure,
    fs: f32,
    lh: f32,
}

impl Ctx<'_> {
    fn text(&self, raw: &str, wrap_at: Option<f32>) -> TextBlock {
        let label = Label::from_mermaid_text(raw, LabelKind::Text);
        if label.is_empty() {
            return TextBlock {
                lines: vec![Vec::new()],
                width: 0.0,
                height: 0.0,
            };
        }
        measure_label(&label, self.m, self.fs, wrap_at.unwrap_or(f32::INFINITY))
    }
}

/// What the statement walk needs per participant.
struct Col {
    x: f32,
    w: f32,
}

/// Lays out `seq`, measuring text with `measure` at `opts.font_size` px (never below 16).
pub fn layout(seq: &Sequence, measure: &dyn TextMeasure, opts: &LayoutOptions) -> Layout {
    let fs = opts.font_size.max(seq.config.font_size_px).max(16.0);
    let cx = Ctx {
        seq,
        m: measure,
        fs,
        lh: measure.line_height(fs),
    };
    let cfg = &seq.config;
    let n = seq.participants.len();
    // participant labels and widths
    let labels: Vec<TextBlock> = seq
        .participants
        .iter()
        .map(|p| {
            let wrap = (p.wrap || cfg.wrap).then_some(cfg.actor_width_px - 2.0 * WRAP_PADDING);
            cx.text(&p.label, wrap)
        })
        .collect();
    let figure = |k: &ParticipantKind| {
        !matches!(
            k,
            ParticipantKind::Participant | ParticipantKind::Other(_) | ParticipantKind::Collections
        )
    };
    let mut widths: Vec<f32> = labels
        .iter()
        .map(|t| cfg.actor_width_px.max(t.width + 2.0 * WRAP_PADDING))
        .collect();
    let actor_h = seq
        .participants
        .iter()
        .zip(&labels)
        .map(|(p, t)| {
            if figure(&p.kind) {
                cfg.actor_height_px.max(45.0 + t.height + 10.0)
            } else {
                cfg.actor_height_px.max(t.height + 2.0 * WRAP_PADDING)
            }
        })
        .fold(cfg.actor_height_px, f32::max);
    // horizontal constraints: (left, right, minimum centre distance)
    let mut need: Vec<(usize, usize, f32)> = Vec::new();
    let msg_wrap = cfg.actor_width_px + cfg.actor_margin_px;
    collect_needs(&cx, &seq.statements, msg_wrap, &mut need);
    let mut centres = vec![0.0f32; n];
    for i in 0..n {
        if i == 0 {
            centres[0] = widths[0] / 2.0;
            continue;
        }
        let mut gap = cfg.actor_margin_px;
        let (bp, bi) = (
            seq.participants[i - 1].box_index,
            seq.participants[i].box_index,
        );
        if bp != bi {
            gap += 2.0 * BOX_MARGIN * (bp.is_some() as u8 + bi.is_some() as u8) as f32;
        }
        if seq.participants[i].created {
            gap += widths[i] / 2.0;
        }
        let mut c = centres[i - 1] + widths[i - 1] / 2.0 + gap + widths[i] / 2.0;
        for &(a, b, d) in &need {
            if b == i && a < i {
                c = c.max(centres[a] + d);
            }
        }
        centres[i] = c;
    }
    for w in widths.iter_mut() {
        *w = w.max(cfg.actor_width_px);
    }
    let cols: Vec<Col> = centres
        .iter()
        .zip(&widths)
        .map(|(&x, &w)| Col { x, w })
        .collect();
    let mut lay = Layout {
        font_size_px: fs,
        ..Layout::default()
    };
    // vertical: title, box titles, actor row
    let mut y = 0.0;
    if let Some(t) = seq.title.as_deref().filter(|t| !t.trim().is_empty()) {
        let tb = cx.text(t, None);
        let h = tb.height;
        lay.title = Some((tb, y));
        y += h + BOX_MARGIN;
    }
    let group_labels: Vec<TextBlock> = seq
        .boxes
        .iter()
        .map(|b| {
            let wrap = b.wrap.then_some(cfg.actor_width_px);
            cx.text(b.label.as_deref().unwrap_or(""), wrap)
        })
        .collect();
    let groups_top = y;
    if !seq.boxes.is_empty() {
        y += BOX_MARGIN;
        y += group_labels.iter().map(|t| t.height).fold(0.0, f32::max);
    }
    let actors_top = y;
    let mut walk = Walk {
        cx: &cx,
        cols: &cols,
        y: actors_top + actor_h,
        actor_h,
        lay: &mut lay,
        active: HashMap::new(),
        number: None,
        number_step: 1.0,
        show_numbers: cfg.show_sequence_numbers,
        created_top: HashMap::new(),
        destroyed_at: HashMap::new(),
        msg_wrap,
    };
    walk.list(&seq.statements, 0);
    let end_y = walk.y + 2.0 * BOX_MARGIN;
    let created_top = std::mem::take(&mut walk.created_top);
    let destroyed_at = std::mem::take(&mut walk.destroyed_at);
    let open: Vec<(String, Vec<f32>)> = walk.active.drain().collect();
    for (id, starts) in open {
        if let Some(i) = seq.participant_index(&id) {
            for (k, s) in starts.iter().enumerate() {
                lay.activations
                    .push(activation_rect(cols[i].x, k + 1, *s, end_y));
            }
        }
    }
    // actor boxes and lifelines
    for (i, p) in seq.participants.iter().enumerate() {
        let top = created_top.get(&i).copied().unwrap_or(actors_top);
        let rect = Rect {
            x: cols[i].x - cols[i].w / 2.0,
            y: top,
            w: cols[i].w,
            h: actor_h,
        };
        lay.actors
            .push(actor_box(i, p, rect, &labels[i], figure(&p.kind), false));
        let stop = destroyed_at.get(&i).copied();
        let y2 = stop.unwrap_or(end_y);
        lay.lifelines.push(Lifeline {
            participant: i,
            x: cols[i].x,
            y1: top + actor_h,
            y2,
        });
        if cfg.mirror_actors && stop.is_none() {
            let r = Rect { y: end_y, ..rect };
            lay.actors
                .push(actor_box(i, p, r, &labels[i], figure(&p.kind), true));
        }
    }
    let bottom = if cfg.mirror_actors {
        end_y + actor_h
    } else {
        end_y
    };
    // box groups
    for (bi, b) in seq.boxes.iter().enumerate() {
        let members: Vec<usize> = (0..n)
            .filter(|&i| seq.participants[i].box_index == Some(bi))
            .collect();
        let (l, r) = match (members.first(), members.last()) {
            (Some(&a), Some(&z)) => (
                cols[a].x - cols[a].w / 2.0 - BOX_MARGIN,
                cols[z].x + cols[z].w / 2.0 + BOX_MARGIN,
            ),
            _ => continue,
        };
        let label = group_labels[bi].clone();
        let label_rect = Rect {
            x: (l + r) / 2.0 - label.width / 2.0,
            y: groups_top + BOX_MARGIN / 2.0,
            w: label.width,
            h: label.height,
        };
        lay.groups.push(GroupLayout {
            rect: Rect {
                x: l,
                y: groups_top,
                w: r - l,
                h: bottom + BOX_MARGIN - groups_top,
            },
            color: b.color.clone(),
            label,
            label_rect,
        });
    }
    finish(&mut lay, bottom);
    lay
}

fn actor_box(
    i: usize,
    p: &Participant,
    rect: Rect,
    label: &TextBlock,
    figure: bool,
    bottom: bool,
) -> ActorBox {
    let (ly, lh) = if figure {
        (rect.y + rect.h - label.height - 4.0, label.height)
    } else {
        (rect.y + (rect.h - label.height) / 2.0, label.height)
    };
    ActorBox {
        participant: i,
        kind: p.kind.clone(),
        rect,
        label: label.clone(),
        label_rect: Rect {
            x: rect.x + (rect.w - label.width) / 2.0,
            y: ly,
            w: label.width,
            h: lh,
        },
        bottom,
    }
}

fn activation_rect(centre: f32, depth: usize, y1: f32, y2: f32) -> Rect {
    let x =
        centre - ACTIVATION_WIDTH / 2.0 + (depth.saturating_sub(1)) as f32 * ACTIVATION_WIDTH / 2.0;
    Rect {
        x,
        y: y1,
        w: ACTIVATION_WIDTH,
        h: (y2 - y1).max(1.0),
    }
}

/// Minimum distances between lifelines that message and note texts need.
fn collect_needs(cx: &Ctx, list: &[Statement], msg_wrap: f32, need: &mut Vec<(usize, usize, f32)>) {
    let seq = cx.seq;
    for st in list {
        match st {
            Statement::Message(m) => {
                let (Some(a), Some(b)) =
                    (seq.participant_index(&m.from), seq.participant_index(&m.to))
                else {
                    continue;
                };
                let t = cx.text(&m.text, (m.wrap || seq.config.wrap).then_some(msg_wrap));
                let d = t.width + 2.0 * WRAP_PADDING + 10.0;
                if a != b {
                    need.push((a.min(b), a.max(b), d));
                } else if a + 1 < seq.participants.len() {
                    // the label of a self-message sits right of its loop
                    need.push((
                        a,
                        a + 1,
                        (t.width / 2.0).max(SELF_LOOP_WIDTH) + 2.0 * WRAP_PADDING,
                    ));
                }
            }
            Statement::Note(nt) => {
                let t = cx.text(
                    &nt.text,
                    (nt.wrap || seq.config.wrap).then_some(seq.config.actor_width_px),
                );
                let w = t.width + 2.0 * NOTE_MARGIN;
                let Some(a) = seq.participant_index(&nt.actors[0]) else {
                    continue;
                };
                match nt.placement {
                    Placement::RightOf if a + 1 < seq.participants.len() => {
                        need.push((a, a + 1, w + seq.config.actor_margin_px / 2.0 + 10.0))
                    }
                    Placement::LeftOf if a > 0 => {
                        need.push((a - 1, a, w + seq.config.actor_margin_px / 2.0 + 10.0))
                    }
                    Placement::Over if nt.actors.len() == 2 => {
                        if let Some(b) = seq.participant_index(&nt.actors[1]) {
                            need.push((a.min(b), a.max(b), w - seq.config.actor_margin_px));
                        }
                    }
                    _ => {}
                }
            }
            Statement::Block { sections, .. } => {
                for s in sections {
                    collect_needs(cx, &s.statements, msg_wrap, need);
                }
            }
            _ => {}
        }
    }
}

struct Walk<'a, 'b> {
    cx: &'a Ctx<'a>,
    cols: &'a [Col],
    y: f32,
    actor_h: f32,
    lay: &'b mut Layout,
    /// Open activations per participant id: their start y.
    active: HashMap<String, Vec<f32>>,
    number: Option<f64>,
    number_step: f64,
    show_numbers: bool,
    created_top: HashMap<usize, f32>,
    destroyed_at: HashMap<usize, f32>,
    msg_wrap: f32,
}

impl Walk<'_, '_> {
    fn idx(&self, id: &str) -> Option<usize> {
        self.cx.seq.participant_index(id)
    }

    /// x where a line meets participant `i`'s lifeline or activation bar, coming from `dir`
    /// (+1 from the right, −1 from the left).
    fn attach_x(&self, i: usize, dir: f32) -> f32 {
        let id = &self.cx.seq.participants[i].id;
        let depth = self.active.get(id).map_or(0, Vec::len);
        if depth == 0 {
            return self.cols[i].x;
        }
        let r = activation_rect(self.cols[i].x, depth, 0.0, 1.0);
        if dir > 0.0 { r.x + r.w } else { r.x }
    }

    fn list(&mut self, list: &[Statement], depth: usize) {
        for st in list {
            self.statement(st, depth);
        }
    }

    fn statement(&mut self, st: &Statement, depth: usize) {
        match st {
            Statement::Message(m) => self.message(m),
            Statement::Note(nt) => self.note(nt),
            Statement::Activate(a) => {
                let y = self.y + 2.0;
                self.active.entry(a.clone()).or_default().push(y);
            }
            Statement::Deactivate(a) => {
                let Some(i) = self.idx(a) else { return };
                let Some(stack) = self.active.get_mut(a) else {
                    return;
                };
                let depth = stack.len();
                let Some(mut start) = stack.pop() else { return };
                if start + 18.0 > self.y {
                    start = self.y - 6.0;
                    self.y += 12.0;
                }
                self.lay
                    .activations
                    .push(activation_rect(self.cols[i].x, depth, start, self.y));
            }
            Statement::CentralConnection { .. } => {}
            Statement::Autonumber {
                start,
                step,
                visible,
            } => {
                if let Some(s) = start.filter(|s| *s != 0.0) {
                    self.number = Some(s);
                }
                if let Some(s) = step.filter(|s| *s != 0.0) {
                    self.number_step = s;
                }
                if self.number.is_none() {
                    self.number = Some(1.0);
                }
                self.show_numbers = *visible;
            }
            Statement::Block { kind, sections } => self.block(*kind, sections, depth),
        }
    }

    fn message(&mut self, m: &Message) {
        let seq = self.cx.seq;
        let (Some(a), Some(b)) = (self.idx(&m.from), self.idx(&m.to)) else {
            return;
        };
        let wrap = (m.wrap || seq.config.wrap).then_some(self.msg_wrap);
        let label = self.cx.text(&m.text, wrap);
        let number = if self.show_numbers {
            let n = self.number.unwrap_or(1.0);
            self.number = Some(n + self.number_step);
            Some(fmt_number(n))
        } else {
            None
        };
        self.y += BOX_MARGIN;
        let text_top = self.y;
        let th = label.height.max(self.cx.lh * 0.5);
        let line_y = text_top + th + BOX_MARGIN;
        let self_loop = a == b;
        let (x1, x2, label_cx) = if self_loop {
            let x = self.attach_x(a, 1.0);
            (x, x, x + SELF_LOOP_WIDTH / 2.0 + label.width / 2.0 - 10.0)
        } else {
            let dir = if b > a { 1.0 } else { -1.0 };
            let mut x1 = self.attach_x(a, dir);
            let mut x2 = self.attach_x(b, -dir);
            if m.creates.is_some() {
                // the arrow ends at the box of the participant created here
                x2 = self.cols[b].x - dir * self.cols[b].w / 2.0;
            }
            if m.central
                .is_some_and(|c| matches!(c, Central::From | Central::Both))
            {
                x1 += dir * 4.0;
            }
            if m.central
                .is_some_and(|c| matches!(c, Central::To | Central::Both))
            {
                x2 -= dir * 4.0;
            }
            (x1, x2, (self.cols[a].x + self.cols[b].x) / 2.0)
        };
        let label_rect = Rect {
            x: label_cx - label.width / 2.0,
            y: text_top,
            w: label.width,
            h: label.height,
        };
        self.y = line_y;
        if let Some(c) = m.central {
            let dir = if x2 >= x1 { 1.0 } else { -1.0 };
            if matches!(c, Central::To | Central::Both) {
                self.lay.centrals.push((self.cols[b].x - dir * 0.0, line_y));
            }
            if matches!(c, Central::From | Central::Both) {
                self.lay.centrals.push((self.cols[a].x, line_y));
            }
        }
        self.lay.messages.push(MessageLayout {
            from: a,
            to: b,
            x1,
            x2,
            y: line_y,
            self_loop,
            arrow: m.arrow,
            label,
            label_rect,
            number,
            central: m.central,
        });
        if m.creates.is_some() {
            // the created participant's box is centred on this message
            self.created_top.insert(b, line_y - self.actor_h / 2.0);
            self.y = line_y + self.actor_h / 2.0;
        }
        if self_loop {
            self.y += SELF_LOOP_HEIGHT;
        }
        if let Some(d) = &m.destroys
            && let Some(i) = self.idx(d)
        {
            let y = if self_loop {
                line_y + SELF_LOOP_HEIGHT
            } else {
                line_y
            };
            self.lay.destroys.push((self.cols[i].x, y));
            self.destroyed_at.insert(i, y);
            self.y += BOX_MARGIN;
        }
    }

    fn note(&mut self, nt: &Note) {
        let seq = self.cx.seq;
        let Some(a) = self.idx(&nt.actors[0]) else {
            return;
        };
        let b = nt.actors.get(1).and_then(|x| self.idx(x)).unwrap_or(a);
        let wrap = (nt.wrap || seq.config.wrap).then_some(seq.config.actor_width_px);
        let label = self.cx.text(&nt.text, wrap);
        let w_text = label.width + 2.0 * NOTE_MARGIN;
        let margin = seq.config.actor_margin_px;
        let (x, w) = match nt.placement {
            Placement::RightOf => {
                let w = w_text.max(seq.config.actor_width_px / 2.0 + 25.0);
                (self.cols[a].x + margin / 2.0, w)
            }
            Placement::LeftOf => {
                let w = w_text.max(seq.config.actor_width_px / 2.0 + 25.0);
                (self.cols[a].x - margin / 2.0 - w, w)
            }
            Placement::Over if a != b => {
                let (l, r) = (a.min(b), a.max(b));
                let span = self.cols[r].x - self.cols[l].x + margin;
                let w = span.max(w_text);
                ((self.cols[l].x + self.cols[r].x) / 2.0 - w / 2.0, w)
            }
            Placement::Over => {
                let w = w_text.max(seq.config.actor_width_px);
                (self.cols[a].x - w / 2.0, w)
            }
        };
        self.y += BOX_MARGIN;
        let h = label.height.max(self.cx.lh) + 2.0 * NOTE_MARGIN;
        let rect = Rect { x, y: self.y, w, h };
        let label_rect = Rect {
            x: x + (w - label.width) / 2.0,
            y: self.y + (h - label.height) / 2.0,
            w: label.width,
            h: label.height,
        };
        self.lay.notes.push(NoteLayout {
            rect,
            label,
            label_rect,
        });
        self.y += h;
    }

    fn block(&mut self, kind: BlockKind, sections: &[Section], depth: usize) {
        let seq = self.cx.seq;
        let slot = self.lay.blocks.len();
        self.lay.blocks.push(BlockLayout {
            kind,
            rect: Rect::default(),
            sections: Vec::new(),
            color: None,
            tag_rect: None,
        });
        let first_label = sections
            .first()
            .map(|s| s.label.clone())
            .unwrap_or_default();
        let first_msg = self.lay.messages.len();
        let first_note = self.lay.notes.len();
        self.y += BOX_MARGIN;
        let top = self.y;
        let mut secs = Vec::new();
        for (k, s) in sections.iter().enumerate() {
            let is_rect = kind == BlockKind::Rect;
            let text = if is_rect || s.label.is_empty() {
                String::new()
            } else {
                format!("[{}]", s.label)
            };
            let wrap = (s.wrap || seq.config.wrap).then_some(seq.config.actor_width_px * 1.5);
            let label = self.cx.text(&text, wrap);
            if k > 0 {
                self.y += BOX_MARGIN + BOX_TEXT_MARGIN;
            }
            let div_y = self.y;
            let label_y = div_y + BOX_TEXT_MARGIN;
            let head = if is_rect {
                0.0
            } else if k == 0 {
                label.height.max(LABEL_BOX_HEIGHT)
            } else {
                label.height
            };
            secs.push((div_y, label, label_y));
            self.y = div_y
                + head
                + if is_rect {
                    BOX_MARGIN
                } else {
                    BOX_MARGIN + BOX_TEXT_MARGIN
                };
            self.list(&s.statements, depth + 1);
        }
        self.y += BOX_MARGIN;
        let bottom = self.y;
        // horizontal extent: what is inside, plus margins
        let mut l = f32::INFINITY;
        let mut r = f32::NEG_INFINITY;
        for m in &self.lay.messages[first_msg..] {
            for i in [m.from, m.to] {
                l = l.min(self.cols[i].x);
                r = r.max(self.cols[i].x);
            }
            l = l.min(m.label_rect.x);
            r = r.max(m.label_rect.x + m.label_rect.w);
            if m.self_loop {
                r = r.max(m.x1 + SELF_LOOP_WIDTH);
            }
        }
        for nt in &self.lay.notes[first_note..] {
            l = l.min(nt.rect.x);
            r = r.max(nt.rect.x + nt.rect.w);
        }
        for b in &self.lay.blocks[slot + 1..] {
            l = l.min(b.rect.x);
            r = r.max(b.rect.x + b.rect.w);
        }
        if !l.is_finite() {
            let c = self.cols.first().map_or(0.0, |c| c.x);
            l = c;
            r = c;
        }
        let pad = BOX_MARGIN + WRAP_PADDING;
        l -= pad;
        r += pad;
        let head_w = secs
            .iter()
            .map(|(_, t, _)| LABEL_BOX_WIDTH + t.width + 4.0 * BOX_MARGIN)
            .fold(0.0, f32::max);
        if r - l < head_w {
            let c = (l + r) / 2.0;
            l = c - head_w / 2.0;
            r = c + head_w / 2.0;
        }
        let is_rect = kind == BlockKind::Rect;
        let sections = secs
            .into_iter()
            .enumerate()
            .map(|(k, (y, label, ly))| {
                // the first label sits right of the keyword box; others are centred
                let cx = if k == 0 {
                    (l + LABEL_BOX_WIDTH + r) / 2.0
                } else {
                    (l + r) / 2.0
                };
                let label_rect = Rect {
                    x: cx - label.width / 2.0,
                    y: ly,
                    w: label.width,
                    h: label.height,
                };
                SectionLayout {
                    y,
                    label,
                    label_rect,
                }
            })
            .collect();
        let color = is_rect.then(|| first_label.clone());
        let b = &mut self.lay.blocks[slot];
        b.rect = Rect {
            x: l,
            y: top,
            w: r - l,
            h: bottom - top,
        };
        b.sections = sections;
        b.color = color;
        b.tag_rect = (!is_rect).then_some(Rect {
            x: l,
            y: top,
            w: LABEL_BOX_WIDTH,
            h: LABEL_BOX_HEIGHT,
        });
    }
}

/// A number as Mermaid prints it (`1`, `1.5`).
fn fmt_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        let s = format!("{n:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// Shifts everything so the drawing starts at the margins and sets the size.
fn finish(lay: &mut Layout, bottom: f32) {
    let mut minx = f32::INFINITY;
    let mut maxx = f32::NEG_INFINITY;
    let mut see = |r: &Rect| {
        minx = minx.min(r.x);
        maxx = maxx.max(r.x + r.w);
    };
    lay.actors.iter().for_each(|a| see(&a.rect));
    lay.notes.iter().for_each(|n| see(&n.rect));
    lay.blocks.iter().for_each(|b| see(&b.rect));
    lay.groups.iter().for_each(|g| see(&g.rect));
    lay.messages.iter().for_each(|m| {
        see(&m.label_rect);
        if m.self_loop {
            see(&Rect {
                x: m.x1,
                y: m.y,
                w: SELF_LOOP_WIDTH,
                h: 1.0,
            });
        }
    });
    if !minx.is_finite() {
        minx = 0.0;
        maxx = 0.0;
    }
    if let Some((t, _)) = &lay.title {
        let c = (minx + maxx) / 2.0;
        minx = minx.min(c - t.width / 2.0);
        maxx = maxx.max(c + t.width / 2.0);
    }
    let dx = DIAGRAM_MARGIN_X - minx;
    let dy = DIAGRAM_MARGIN_Y;
    let mv = |r: &mut Rect| {
        r.x += dx;
        r.y += dy;
    };
    for a in &mut lay.actors {
        mv(&mut a.rect);
        mv(&mut a.label_rect);
    }
    for l in &mut lay.lifelines {
        l.x += dx;
        l.y1 += dy;
        l.y2 += dy;
    }
    for m in &mut lay.messages {
        m.x1 += dx;
        m.x2 += dx;
        m.y += dy;
        mv(&mut m.label_rect);
    }
    for n in &mut lay.notes {
        mv(&mut n.rect);
        mv(&mut n.label_rect);
    }
    for r in &mut lay.activations {
        mv(r);
    }
    for b in &mut lay.blocks {
        mv(&mut b.rect);
        if let Some(t) = &mut b.tag_rect {
            mv(t);
        }
        for s in &mut b.sections {
            s.y += dy;
            mv(&mut s.label_rect);
        }
    }
    for g in &mut lay.groups {
        mv(&mut g.rect);
        mv(&mut g.label_rect);
    }
    for p in lay.centrals.iter_mut().chain(lay.destroys.iter_mut()) {
        p.0 += dx;
        p.1 += dy;
    }
    if let Some((_, y)) = &mut lay.title {
        *y += dy;
    }
    lay.width_px = maxx - minx + 2.0 * DIAGRAM_MARGIN_X;
    let group_bottom = lay
        .groups
        .iter()
        .map(|g| g.rect.y + g.rect.h)
        .fold(0.0, f32::max);
    lay.height_px = (bottom + dy).max(group_bottom) + DIAGRAM_MARGIN_Y;
}
