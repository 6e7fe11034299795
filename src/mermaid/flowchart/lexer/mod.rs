//! Tokenizer with the same states and rule order as Mermaid's flowchart lexer
//! (`flow.jison`: first matching rule wins; some rules push or pop a lexer state).
//!
//! This file holds the token kinds, the lexer states with the rules each may try, the
//! actions (token emitted, state pushed or popped) and the driver; [`rules`] holds what
//! each rule matches, [`unicode`] the `UNICODE_TEXT` character class. The lexer knows
//! nothing of the grammar above it.

mod rules;
mod unicode;

use crate::mermaid::common::preprocess::is_js_space;
use rules::{is_link_id_char, lit, next_index};

/// Token kinds (terminals of the flowchart grammar).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum T {
    Semi,
    Newline,
    Space,
    Eof,
    Graph,
    NoDir,
    Dir,
    Subgraph,
    End,
    AccTitle,
    AccTitleValue,
    AccDescr,
    AccDescrValue,
    AccDescrMultilineValue,
    ShapeData,
    Amp,
    StyleSeparator,
    DoubleCircleStart,
    DoubleCircleEnd,
    Ps,
    Pe,
    EllipseStart,
    EllipseEnd,
    StadiumStart,
    StadiumEnd,
    SubroutineStart,
    SubroutineEnd,
    VertexWithPropsStart,
    Colon,
    Pipe,
    CylinderStart,
    CylinderEnd,
    DiamondStart,
    DiamondStop,
    Sqs,
    Sqe,
    TagEnd,
    TagStart,
    TrapStart,
    TrapEnd,
    InvTrapStart,
    InvTrapEnd,
    StartLink,
    Link,
    LinkId,
    Str,
    MdStr,
    Style,
    LinkStyle,
    ClassDef,
    Class,
    Click,
    Down,
    Up,
    CallbackName,
    CallbackArgs,
    Href,
    LinkTarget,
    Default,
    Interpolate,
    Num,
    Comma,
    NodeString,
    Brkt,
    Minus,
    Mult,
    UnicodeText,
    Text,
    EdgeText,
    Direction,
    /// A token the grammar never accepts (`"` outside a string, `\|`).
    Invalid,
    /// End of input (`$end`).
    EndOfInput,
}

/// A token: kind, text and start index in the preprocessed text.
#[derive(Debug, Clone)]
pub(crate) struct Token {
    pub kind: T,
    pub text: String,
    pub pos: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum St {
    Initial,
    AccTitle,
    AccDescr,
    AccDescrMultiline,
    ShapeData,
    ShapeDataStr,
    CallbackName,
    CallbackArgs,
    Click,
    MdString,
    Str,
    Dir,
    EdgeText,
    ThickEdgeText,
    DottedEdgeText,
    EllipseText,
    Text,
    TrapText,
}

const ALL_STATES: [St; 18] = [
    St::Initial,
    St::AccTitle,
    St::AccDescr,
    St::AccDescrMultiline,
    St::ShapeData,
    St::ShapeDataStr,
    St::CallbackName,
    St::CallbackArgs,
    St::Click,
    St::MdString,
    St::Str,
    St::Dir,
    St::EdgeText,
    St::ThickEdgeText,
    St::DottedEdgeText,
    St::EllipseText,
    St::Text,
    St::TrapText,
];

const COMMON: &[u8] = &[21, 24, 79, 82, 84, 86, 90, 92, 96, 97, 110, 112, 114, 116];

fn rules_for(st: St) -> Vec<u8> {
    let extra: &[u8] = match st {
        St::Initial => {
            return [
                0u8, 2, 4, 7, 13, 21, 24, 25, 26, 27, 28, 29, 30, 31, 32, 35, 36, 37, 38, 39, 40,
                41, 42, 43, 44, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71, 73,
                74, 76, 77, 79, 82, 84, 86, 87, 88, 90, 92, 96, 97, 98, 99, 100, 101, 102, 103,
                104, 105, 106, 107, 108, 110, 112, 114, 116, 118, 119, 120, 121,
            ]
            .to_vec();
        }
        St::Text => {
            return [
                21u8, 24, 79, 82, 83, 84, 85, 86, 89, 90, 91, 92, 96, 97, 109, 110, 111, 112, 113,
                114, 115, 116, 117,
            ]
            .to_vec();
        }
        St::AccTitle => &[1],
        St::AccDescr => &[3],
        St::AccDescrMultiline => &[5, 6],
        St::ShapeData => &[8, 11, 12],
        St::ShapeDataStr => &[9, 10],
        St::CallbackName => &[14, 15, 16],
        St::CallbackArgs => &[17, 18],
        St::Click => &[33, 34],
        St::MdString => &[19, 20],
        St::Str => &[22, 23],
        St::Dir => &[45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55],
        St::EdgeText => &[70, 72],
        St::ThickEdgeText => &[73, 75],
        St::DottedEdgeText => &[76, 78],
        St::EllipseText => &[80, 81],
        St::TrapText => &[93, 94, 95],
    };
    let mut v: Vec<u8> = COMMON.iter().chain(extra.iter()).copied().collect();
    v.sort_unstable();
    v
}

/// Lexer error: position (index in the preprocessed text) and message.
pub(crate) struct LexError {
    pub pos: usize,
    pub message: String,
}

struct Lx<'a> {
    c: &'a [char],
    stack: Vec<St>,
    first_graph: bool,
    /// Start of the next "direction" at or after each index (or `usize::MAX`).
    next_direction: Vec<usize>,
    /// Index of the next line terminator (`.` in a JS regex stops there).
    line_end: Vec<usize>,
    /// End of the run of LINK_ID characters starting at each index.
    link_id_run_end: Vec<usize>,
    /// Last index before each index holding an '@' not followed by `{` or `"`.
    prev_valid_at: Vec<usize>,
}

/// What a rule does when it matches.
enum Act {
    /// Emit a token.
    Tok(T),
    /// Emit nothing.
    Skip,
}

impl Lx<'_> {
    fn state(&self) -> St {
        *self.stack.last().unwrap_or(&St::Initial)
    }
    fn push(&mut self, s: St) {
        self.stack.push(s);
    }
    fn pop(&mut self) {
        if self.stack.len() > 1 {
            self.stack.pop();
        }
    }

    /// Performs the action of rule `r` (state changes) and says what to emit.
    fn act(&mut self, r: u8) -> Act {
        use Act::*;
        match r {
            0 => {
                self.push(St::AccTitle);
                Tok(T::AccTitle)
            }
            1 => {
                self.pop();
                Tok(T::AccTitleValue)
            }
            2 => {
                self.push(St::AccDescr);
                Tok(T::AccDescr)
            }
            3 => {
                self.pop();
                Tok(T::AccDescrValue)
            }
            4 => {
                self.push(St::AccDescrMultiline);
                Skip
            }
            5 => {
                self.pop();
                Skip
            }
            6 => Tok(T::AccDescrMultilineValue),
            7 => {
                self.push(St::ShapeData);
                Tok(T::ShapeData)
            }
            8 => {
                self.push(St::ShapeDataStr);
                Tok(T::ShapeData)
            }
            9 => {
                self.pop();
                Tok(T::ShapeData)
            }
            10 | 11 => Tok(T::ShapeData),
            12 => {
                self.pop();
                Skip
            }
            13 => {
                self.push(St::CallbackName);
                Skip
            }
            14 => {
                self.pop();
                Skip
            }
            15 => {
                self.pop();
                self.push(St::CallbackArgs);
                Skip
            }
            16 => Tok(T::CallbackName),
            17 => {
                self.pop();
                Skip
            }
            18 => Tok(T::CallbackArgs),
            19 => Tok(T::MdStr),
            20 => {
                self.pop();
                Skip
            }
            21 => {
                self.push(St::MdString);
                Skip
            }
            22 => Tok(T::Str),
            23 => {
                self.pop();
                Skip
            }
            24 => {
                self.push(St::Str);
                Skip
            }
            25 => Tok(T::Style),
            26 => Tok(T::Default),
            27 => Tok(T::LinkStyle),
            28 => Tok(T::Interpolate),
            29 => Tok(T::ClassDef),
            30 => Tok(T::Class),
            31 => Tok(T::Href),
            32 => {
                self.push(St::Click);
                Skip
            }
            33 => {
                self.pop();
                Skip
            }
            34 => Tok(T::Click),
            35..=38 => {
                if self.first_graph {
                    self.first_graph = false;
                    self.push(St::Dir);
                }
                Tok(T::Graph)
            }
            39 => Tok(T::Subgraph),
            40 => Tok(T::End),
            41..=44 => Tok(T::LinkTarget),
            45 => {
                self.pop();
                Tok(T::NoDir)
            }
            46..=55 => {
                self.pop();
                Tok(T::Dir)
            }
            56..=60 => Tok(T::Direction),
            61 => Tok(T::LinkId),
            62 => Tok(T::Num),
            63 | 104 => Tok(T::Brkt),
            64 => Tok(T::StyleSeparator),
            65 => Tok(T::Colon),
            66 | 105 => Tok(T::Amp),
            67 => Tok(T::Semi),
            68 => Tok(T::Comma),
            69 | 103 => Tok(T::Mult),
            70 | 73 | 76 => {
                self.pop();
                Tok(T::Link)
            }
            71 => {
                self.push(St::EdgeText);
                Tok(T::StartLink)
            }
            74 => {
                self.push(St::ThickEdgeText);
                Tok(T::StartLink)
            }
            77 => {
                self.push(St::DottedEdgeText);
                Tok(T::StartLink)
            }
            72 | 75 | 78 => Tok(T::EdgeText),
            79 => Tok(T::Link),
            80 => {
                self.pop();
                Tok(T::EllipseEnd)
            }
            81 | 95 | 117 => Tok(T::Text),
            82 => {
                self.push(St::EllipseText);
                Tok(T::EllipseStart)
            }
            83 => {
                self.pop();
                Tok(T::StadiumEnd)
            }
            84 => {
                self.push(St::Text);
                Tok(T::StadiumStart)
            }
            85 => {
                self.pop();
                Tok(T::SubroutineEnd)
            }
            86 => {
                self.push(St::Text);
                Tok(T::SubroutineStart)
            }
            87 => Tok(T::VertexWithPropsStart),
            88 => {
                self.push(St::Text);
                Tok(T::TagEnd)
            }
            89 => {
                self.pop();
                Tok(T::CylinderEnd)
            }
            90 => {
                self.push(St::Text);
                Tok(T::CylinderStart)
            }
            91 => {
                self.pop();
                Tok(T::DoubleCircleEnd)
            }
            92 => {
                self.push(St::Text);
                Tok(T::DoubleCircleStart)
            }
            93 => {
                self.pop();
                Tok(T::TrapEnd)
            }
            94 => {
                self.pop();
                Tok(T::InvTrapEnd)
            }
            96 => {
                self.push(St::TrapText);
                Tok(T::TrapStart)
            }
            97 => {
                self.push(St::TrapText);
                Tok(T::InvTrapStart)
            }
            98 => Tok(T::TagStart),
            99 => Tok(T::TagEnd),
            100 => Tok(T::Up),
            101 | 118 => Tok(T::Invalid),
            102 => Tok(T::Down),
            106 => Tok(T::NodeString),
            107 => Tok(T::Minus),
            108 => Tok(T::UnicodeText),
            109 => {
                self.pop();
                Tok(T::Pipe)
            }
            110 => {
                self.push(St::Text);
                Tok(T::Pipe)
            }
            111 => {
                self.pop();
                Tok(T::Pe)
            }
            112 => {
                self.push(St::Text);
                Tok(T::Ps)
            }
            113 => {
                self.pop();
                Tok(T::Sqe)
            }
            114 => {
                self.push(St::Text);
                Tok(T::Sqs)
            }
            115 => {
                self.pop();
                Tok(T::DiamondStop)
            }
            116 => {
                self.push(St::Text);
                Tok(T::DiamondStart)
            }
            119 => Tok(T::Newline),
            120 => Tok(T::Space),
            121 => Tok(T::Eof),
            _ => Skip,
        }
    }
}

/// Tokenizes the whole (preprocessed) text. The last token is always
/// [`T::EndOfInput`].
pub(crate) fn tokenize(c: &[char]) -> Result<Vec<Token>, LexError> {
    let mut lx = Lx {
        c,
        stack: vec![St::Initial],
        first_graph: true,
        next_direction: next_index(c, |i| lit(c, i, "direction").is_some()),
        line_end: next_index(c, |i| matches!(c[i], '\n' | '\r' | '\u{2028}' | '\u{2029}'))
            .into_iter()
            .map(|e| e.min(c.len()))
            .collect(),
        link_id_run_end: {
            let mut v = vec![c.len(); c.len() + 1];
            for i in (0..c.len()).rev() {
                v[i] = if is_link_id_char(c[i]) { v[i + 1] } else { i };
            }
            v
        },
        prev_valid_at: {
            let mut v = vec![usize::MAX; c.len() + 1];
            for j in 1..=c.len() {
                let k = j - 1;
                let valid = c[k] == '@' && k + 1 < c.len() && c[k + 1] != '{' && c[k + 1] != '"';
                v[j] = if valid { k } else { v[j - 1] };
            }
            v
        },
    };
    let mut toks = Vec::new();
    let mut i = 0;
    let mut done = false;
    let table: Vec<Vec<u8>> = ALL_STATES.iter().map(|&s| rules_for(s)).collect();
    let mut stall = 0usize;
    loop {
        if done {
            toks.push(Token {
                kind: T::EndOfInput,
                text: String::new(),
                pos: c.len(),
            });
            return Ok(toks);
        }
        if i >= c.len() {
            done = true;
        }
        let st = lx.state();
        let rules = &table[st as usize];
        let mut matched = None;
        for &r in rules {
            if let Some(n) = lx.try_rule(r, i) {
                matched = Some((r, n));
                break;
            }
        }
        let Some((r, n)) = matched else {
            if i >= c.len() {
                continue; // done: emit end of input
            }
            return Err(LexError {
                pos: i,
                message: "unrecognized text".to_string(),
            });
        };
        let before = lx.stack.len();
        let before_top = lx.state();
        let act = lx.act(r);
        let mut text: String = c[i..i + n].iter().collect();
        if r == 7 {
            text.clear();
        } else if r == 10 {
            text = replace_newline_ws(&text);
        }
        let start = i;
        i += n;
        if done && i < c.len() {
            done = false;
        }
        match act {
            Act::Tok(kind) => {
                toks.push(Token {
                    kind,
                    text,
                    pos: start,
                });
                if n > 0 {
                    stall = 0;
                }
            }
            Act::Skip => {}
        }
        if n == 0 && !done && lx.stack.len() == before && lx.state() == before_top {
            stall += 1;
            if stall > 2 {
                return Err(LexError {
                    pos: i,
                    message: "lexer made no progress".to_string(),
                });
            }
        }
    }
}

/// `\n\s*` to `<br/>` (inside quoted `@{...}` values).
fn replace_newline_ws(s: &str) -> String {
    let c: Vec<char> = s.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < c.len() {
        if c[i] == '\n' {
            out.push_str("<br/>");
            i += 1;
            while i < c.len() && is_js_space(c[i]) {
                i += 1;
            }
            continue;
        }
        out.push(c[i]);
        i += 1;
    }
    out
}
