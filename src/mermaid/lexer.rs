//! Tokenizer with the same states and rule order as Mermaid's flowchart lexer
//! (first matching rule wins; some rules push or pop a lexer state).

use super::preprocess::{is_js_space, is_word};

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

fn is_link_id_char(ch: char) -> bool {
    !is_js_space(ch) && !matches!(ch, '"' | '[' | ']' | '(' | ')' | '{' | '}' | '|')
}

fn next_index(c: &[char], pred: impl Fn(usize) -> bool) -> Vec<usize> {
    let mut v = vec![usize::MAX; c.len() + 1];
    for i in (0..c.len()).rev() {
        v[i] = if pred(i) { i } else { v[i + 1] };
    }
    v
}

fn lit(c: &[char], i: usize, s: &str) -> Option<usize> {
    let mut k = i;
    for ch in s.chars() {
        if k >= c.len() || c[k] != ch {
            return None;
        }
        k += 1;
    }
    Some(k - i)
}

/// `\b` at position i.
fn wb(c: &[char], i: usize) -> bool {
    let a = i > 0 && is_word(c[i - 1]);
    let b = i < c.len() && is_word(c[i]);
    a != b
}

fn kw(c: &[char], i: usize, s: &str) -> Option<usize> {
    let n = lit(c, i, s)?;
    if wb(c, i + n) { Some(n) } else { None }
}

fn ws_run(c: &[char], i: usize) -> usize {
    let mut k = i;
    while k < c.len() && is_js_space(c[k]) {
        k += 1;
    }
    k - i
}

fn run_while(c: &[char], i: usize, f: impl Fn(char) -> bool) -> usize {
    let mut k = i;
    while k < c.len() && f(c[k]) {
        k += 1;
    }
    k - i
}

/// `\s*[xo<]?` + body + `\s*` helper for link rules. `body` returns the body
/// length at a position, trying the optional prefix char both ways.
/// The body of a solid or thick link: two or more `stroke` characters, then an end marker
/// (`x`, `o`, `>`) or a third stroke character; length in characters.
fn stroke_run(c: &[char], p: usize, stroke: char) -> Option<usize> {
    let n = run_while(c, p, |ch| ch == stroke);
    if n < 2 {
        return None;
    }
    match c.get(p + n) {
        Some('x' | 'o' | '>') => Some(n + 1),
        _ if n >= 3 => Some(n),
        _ => None,
    }
}

/// The opening of a link with text (`-- text -->`, `== text ==>`, `-. text .->`): optional
/// white space, an optional start marker, the two-character `open`, white space.
fn link_start(c: &[char], i: usize, open: &str) -> Option<usize> {
    let mut p = i + ws_run(c, i);
    if matches!(c.get(p), Some('x' | 'o' | '<')) && lit(c, p + 1, open).is_some() {
        p += 1;
    }
    lit(c, p, open)?;
    let e = p + 2;
    Some(e + ws_run(c, e) - i)
}

fn link_rule(c: &[char], i: usize, body: impl Fn(usize) -> Option<usize>) -> Option<usize> {
    // \s* is greedy, but backtracking may give characters back only if they
    // are whitespace; link bodies never start with whitespace, so greedy is exact.
    let w = ws_run(c, i);
    let p = i + w;
    let mut best = None;
    if p < c.len()
        && matches!(c[p], 'x' | 'o' | '<')
        && let Some(n) = body(p + 1)
    {
        best = Some(p + 1 + n);
    }
    if best.is_none()
        && let Some(n) = body(p)
    {
        best = Some(p + n);
    }
    let e = best?;
    Some(e + ws_run(c, e) - i)
}

fn is_node_string_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(
            c,
            '!' | '"'
                | '#'
                | '$'
                | '%'
                | '&'
                | '\''
                | '*'
                | '+'
                | '.'
                | '`'
                | '?'
                | '\\'
                | '_'
                | '/'
        )
}

pub(crate) fn is_unicode_text(c: char) -> bool {
    let u = c as u32;
    const R: &[(u32, u32)] = &[
        (0xAA, 0xAA),
        (0xB5, 0xB5),
        (0xBA, 0xBA),
        (0xC0, 0xD6),
        (0xD8, 0xF6),
        (0xF8, 0x2C1),
        (0x2C6, 0x2D1),
        (0x2E0, 0x2E4),
        (0x2EC, 0x2EC),
        (0x2EE, 0x2EE),
        (0x370, 0x374),
        (0x376, 0x377),
        (0x37A, 0x37D),
        (0x386, 0x386),
        (0x388, 0x38A),
        (0x38C, 0x38C),
        (0x38E, 0x3A1),
        (0x3A3, 0x3F5),
        (0x3F7, 0x481),
        (0x48A, 0x527),
        (0x531, 0x556),
        (0x559, 0x559),
        (0x561, 0x587),
        (0x5D0, 0x5EA),
        (0x5F0, 0x5F2),
        (0x620, 0x64A),
        (0x66E, 0x66F),
        (0x671, 0x6D3),
        (0x6D5, 0x6D5),
        (0x6E5, 0x6E6),
        (0x6EE, 0x6EF),
        (0x6FA, 0x6FC),
        (0x6FF, 0x6FF),
        (0x710, 0x710),
        (0x712, 0x72F),
        (0x74D, 0x7A5),
        (0x7B1, 0x7B1),
        (0x7CA, 0x7EA),
        (0x7F4, 0x7F5),
        (0x7FA, 0x7FA),
        (0x800, 0x815),
        (0x81A, 0x81A),
        (0x824, 0x824),
        (0x828, 0x828),
        (0x840, 0x858),
        (0x8A0, 0x8A0),
        (0x8A2, 0x8AC),
        (0x904, 0x939),
        (0x93D, 0x93D),
        (0x950, 0x950),
        (0x958, 0x961),
        (0x971, 0x977),
        (0x979, 0x97F),
        (0x985, 0x98C),
        (0x98F, 0x990),
        (0x993, 0x9A8),
        (0x9AA, 0x9B0),
        (0x9B2, 0x9B2),
        (0x9B6, 0x9B9),
        (0x9BD, 0x9BD),
        (0x9CE, 0x9CE),
        (0x9DC, 0x9DD),
        (0x9DF, 0x9E1),
        (0x9F0, 0x9F1),
        (0xA05, 0xA0A),
        (0xA0F, 0xA10),
        (0xA13, 0xA28),
        (0xA2A, 0xA30),
        (0xA32, 0xA33),
        (0xA35, 0xA36),
        (0xA38, 0xA39),
        (0xA59, 0xA5C),
        (0xA5E, 0xA5E),
        (0xA72, 0xA74),
        (0xA85, 0xA8D),
        (0xA8F, 0xA91),
        (0xA93, 0xAA8),
        (0xAAA, 0xAB0),
        (0xAB2, 0xAB3),
        (0xAB5, 0xAB9),
        (0xABD, 0xABD),
        (0xAD0, 0xAD0),
        (0xAE0, 0xAE1),
        (0xB05, 0xB0C),
        (0xB0F, 0xB10),
        (0xB13, 0xB28),
        (0xB2A, 0xB30),
        (0xB32, 0xB33),
        (0xB35, 0xB39),
        (0xB3D, 0xB3D),
        (0xB5C, 0xB5D),
        (0xB5F, 0xB61),
        (0xB71, 0xB71),
        (0xB83, 0xB83),
        (0xB85, 0xB8A),
        (0xB8E, 0xB90),
        (0xB92, 0xB95),
        (0xB99, 0xB9A),
        (0xB9C, 0xB9C),
        (0xB9E, 0xB9F),
        (0xBA3, 0xBA4),
        (0xBA8, 0xBAA),
        (0xBAE, 0xBB9),
        (0xBD0, 0xBD0),
        (0xC05, 0xC0C),
        (0xC0E, 0xC10),
        (0xC12, 0xC28),
        (0xC2A, 0xC33),
        (0xC35, 0xC39),
        (0xC3D, 0xC3D),
        (0xC58, 0xC59),
        (0xC60, 0xC61),
        (0xC85, 0xC8C),
        (0xC8E, 0xC90),
        (0xC92, 0xCA8),
        (0xCAA, 0xCB3),
        (0xCB5, 0xCB9),
        (0xCBD, 0xCBD),
        (0xCDE, 0xCDE),
        (0xCE0, 0xCE1),
        (0xCF1, 0xCF2),
        (0xD05, 0xD0C),
        (0xD0E, 0xD10),
        (0xD12, 0xD3A),
        (0xD3D, 0xD3D),
        (0xD4E, 0xD4E),
        (0xD60, 0xD61),
        (0xD7A, 0xD7F),
        (0xD85, 0xD96),
        (0xD9A, 0xDB1),
        (0xDB3, 0xDBB),
        (0xDBD, 0xDBD),
        (0xDC0, 0xDC6),
        (0xE01, 0xE30),
        (0xE32, 0xE33),
        (0xE40, 0xE46),
        (0xE81, 0xE82),
        (0xE84, 0xE84),
        (0xE87, 0xE88),
        (0xE8A, 0xE8A),
        (0xE8D, 0xE8D),
        (0xE94, 0xE97),
        (0xE99, 0xE9F),
        (0xEA1, 0xEA3),
        (0xEA5, 0xEA5),
        (0xEA7, 0xEA7),
        (0xEAA, 0xEAB),
        (0xEAD, 0xEB0),
        (0xEB2, 0xEB3),
        (0xEBD, 0xEBD),
        (0xEC0, 0xEC4),
        (0xEC6, 0xEC6),
        (0xEDC, 0xEDF),
        (0xF00, 0xF00),
        (0xF40, 0xF47),
        (0xF49, 0xF6C),
        (0xF88, 0xF8C),
        (0x1000, 0x102A),
        (0x103F, 0x103F),
        (0x1050, 0x1055),
        (0x105A, 0x105D),
        (0x1061, 0x1061),
        (0x1065, 0x1066),
        (0x106E, 0x1070),
        (0x1075, 0x1081),
        (0x108E, 0x108E),
        (0x10A0, 0x10C5),
        (0x10C7, 0x10C7),
        (0x10CD, 0x10CD),
        (0x10D0, 0x10FA),
        (0x10FC, 0x1248),
        (0x124A, 0x124D),
        (0x1250, 0x1256),
        (0x1258, 0x1258),
        (0x125A, 0x125D),
        (0x1260, 0x1288),
        (0x128A, 0x128D),
        (0x1290, 0x12B0),
        (0x12B2, 0x12B5),
        (0x12B8, 0x12BE),
        (0x12C0, 0x12C0),
        (0x12C2, 0x12C5),
        (0x12C8, 0x12D6),
        (0x12D8, 0x1310),
        (0x1312, 0x1315),
        (0x1318, 0x135A),
        (0x1380, 0x138F),
        (0x13A0, 0x13F4),
        (0x1401, 0x166C),
        (0x166F, 0x167F),
        (0x1681, 0x169A),
        (0x16A0, 0x16EA),
        (0x1700, 0x170C),
        (0x170E, 0x1711),
        (0x1720, 0x1731),
        (0x1740, 0x1751),
        (0x1760, 0x176C),
        (0x176E, 0x1770),
        (0x1780, 0x17B3),
        (0x17D7, 0x17D7),
        (0x17DC, 0x17DC),
        (0x1820, 0x1877),
        (0x1880, 0x18A8),
        (0x18AA, 0x18AA),
        (0x18B0, 0x18F5),
        (0x1900, 0x191C),
        (0x1950, 0x196D),
        (0x1970, 0x1974),
        (0x1980, 0x19AB),
        (0x19C1, 0x19C7),
        (0x1A00, 0x1A16),
        (0x1A20, 0x1A54),
        (0x1AA7, 0x1AA7),
        (0x1B05, 0x1B33),
        (0x1B45, 0x1B4B),
        (0x1B83, 0x1BA0),
        (0x1BAE, 0x1BAF),
        (0x1BBA, 0x1BE5),
        (0x1C00, 0x1C23),
        (0x1C4D, 0x1C4F),
        (0x1C5A, 0x1C7D),
        (0x1CE9, 0x1CEC),
        (0x1CEE, 0x1CF1),
        (0x1CF5, 0x1CF6),
        (0x1D00, 0x1DBF),
        (0x1E00, 0x1F15),
        (0x1F18, 0x1F1D),
        (0x1F20, 0x1F45),
        (0x1F48, 0x1F4D),
        (0x1F50, 0x1F57),
        (0x1F59, 0x1F59),
        (0x1F5B, 0x1F5B),
        (0x1F5D, 0x1F5D),
        (0x1F5F, 0x1F7D),
        (0x1F80, 0x1FB4),
        (0x1FB6, 0x1FBC),
        (0x1FBE, 0x1FBE),
        (0x1FC2, 0x1FC4),
        (0x1FC6, 0x1FCC),
        (0x1FD0, 0x1FD3),
        (0x1FD6, 0x1FDB),
        (0x1FE0, 0x1FEC),
        (0x1FF2, 0x1FF4),
        (0x1FF6, 0x1FFC),
        (0x2071, 0x2071),
        (0x207F, 0x207F),
        (0x2090, 0x209C),
        (0x2102, 0x2102),
        (0x2107, 0x2107),
        (0x210A, 0x2113),
        (0x2115, 0x2115),
        (0x2119, 0x211D),
        (0x2124, 0x2124),
        (0x2126, 0x2126),
        (0x2128, 0x2128),
        (0x212A, 0x212D),
        (0x212F, 0x2139),
        (0x213C, 0x213F),
        (0x2145, 0x2149),
        (0x214E, 0x214E),
        (0x2183, 0x2184),
        (0x2C00, 0x2C2E),
        (0x2C30, 0x2C5E),
        (0x2C60, 0x2CE4),
        (0x2CEB, 0x2CEE),
        (0x2CF2, 0x2CF3),
        (0x2D00, 0x2D25),
        (0x2D27, 0x2D27),
        (0x2D2D, 0x2D2D),
        (0x2D30, 0x2D67),
        (0x2D6F, 0x2D6F),
        (0x2D80, 0x2D96),
        (0x2DA0, 0x2DA6),
        (0x2DA8, 0x2DAE),
        (0x2DB0, 0x2DB6),
        (0x2DB8, 0x2DBE),
        (0x2DC0, 0x2DC6),
        (0x2DC8, 0x2DCE),
        (0x2DD0, 0x2DD6),
        (0x2DD8, 0x2DDE),
        (0x2E2F, 0x2E2F),
        (0x3005, 0x3006),
        (0x3031, 0x3035),
        (0x303B, 0x303C),
        (0x3041, 0x3096),
        (0x309D, 0x309F),
        (0x30A1, 0x30FA),
        (0x30FC, 0x30FF),
        (0x3105, 0x312D),
        (0x3131, 0x318E),
        (0x31A0, 0x31BA),
        (0x31F0, 0x31FF),
        (0x3400, 0x4DB5),
        (0x4E00, 0x9FCC),
        (0xA000, 0xA48C),
        (0xA4D0, 0xA4FD),
        (0xA500, 0xA60C),
        (0xA610, 0xA61F),
        (0xA62A, 0xA62B),
        (0xA640, 0xA66E),
        (0xA67F, 0xA697),
        (0xA6A0, 0xA6E5),
        (0xA717, 0xA71F),
        (0xA722, 0xA788),
        (0xA78B, 0xA78E),
        (0xA790, 0xA793),
        (0xA7A0, 0xA7AA),
        (0xA7F8, 0xA801),
        (0xA803, 0xA805),
        (0xA807, 0xA80A),
        (0xA80C, 0xA822),
        (0xA840, 0xA873),
        (0xA882, 0xA8B3),
        (0xA8F2, 0xA8F7),
        (0xA8FB, 0xA8FB),
        (0xA90A, 0xA925),
        (0xA930, 0xA946),
        (0xA960, 0xA97C),
        (0xA984, 0xA9B2),
        (0xA9CF, 0xA9CF),
        (0xAA00, 0xAA28),
        (0xAA40, 0xAA42),
        (0xAA44, 0xAA4B),
        (0xAA60, 0xAA76),
        (0xAA7A, 0xAA7A),
        (0xAA80, 0xAAAF),
        (0xAAB1, 0xAAB1),
        (0xAAB5, 0xAAB6),
        (0xAAB9, 0xAABD),
        (0xAAC0, 0xAAC0),
        (0xAAC2, 0xAAC2),
        (0xAADB, 0xAADD),
        (0xAAE0, 0xAAEA),
        (0xAAF2, 0xAAF4),
        (0xAB01, 0xAB06),
        (0xAB09, 0xAB0E),
        (0xAB11, 0xAB16),
        (0xAB20, 0xAB26),
        (0xAB28, 0xAB2E),
        (0xABC0, 0xABE2),
        (0xAC00, 0xD7A3),
        (0xD7B0, 0xD7C6),
        (0xD7CB, 0xD7FB),
        (0xF900, 0xFA6D),
        (0xFA70, 0xFAD9),
        (0xFB00, 0xFB06),
        (0xFB13, 0xFB17),
        (0xFB1D, 0xFB1D),
        (0xFB1F, 0xFB28),
        (0xFB2A, 0xFB36),
        (0xFB38, 0xFB3C),
        (0xFB3E, 0xFB3E),
        (0xFB40, 0xFB41),
        (0xFB43, 0xFB44),
        (0xFB46, 0xFBB1),
        (0xFBD3, 0xFD3D),
        (0xFD50, 0xFD8F),
        (0xFD92, 0xFDC7),
        (0xFDF0, 0xFDFB),
        (0xFE70, 0xFE74),
        (0xFE76, 0xFEFC),
        (0xFF21, 0xFF3A),
        (0xFF41, 0xFF5A),
        (0xFF66, 0xFFBE),
        (0xFFC2, 0xFFC7),
        (0xFFCA, 0xFFCF),
        (0xFFD2, 0xFFD7),
        (0xFFDA, 0xFFDC),
    ];
    R.binary_search_by(|&(a, b)| {
        if u < a {
            std::cmp::Ordering::Greater
        } else if u > b {
            std::cmp::Ordering::Less
        } else {
            std::cmp::Ordering::Equal
        }
    })
    .is_ok()
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

    /// Tries rule `r` at `i`; returns the match length.
    fn try_rule(&self, r: u8, i: usize) -> Option<usize> {
        let c = self.c;
        let at = |k: usize| -> Option<char> { c.get(k).copied() };
        match r {
            0 => {
                let n = lit(c, i, "accTitle")?;
                let w = ws_run(c, i + n);
                if at(i + n + w)? != ':' {
                    return None;
                }
                let e = i + n + w + 1;
                Some(e + ws_run(c, e) - i)
            }
            1 | 3 => Some(run_while(c, i, |ch| ch != '\n')),
            2 | 4 => {
                let n = lit(c, i, "accDescr")?;
                let w = ws_run(c, i + n);
                if at(i + n + w)? != if r == 2 { ':' } else { '{' } {
                    return None;
                }
                let e = i + n + w + 1;
                Some(e + ws_run(c, e) - i)
            }
            5 => (at(i)? == '}').then_some(1),
            6 => Some(run_while(c, i, |ch| ch != '}')),
            7 => lit(c, i, "@{"),
            8 | 9 | 23 | 24 | 118 => (at(i)? == '"').then_some(1),
            10 | 22 => nonzero(run_while(c, i, |ch| ch != '"')),
            11 => nonzero(run_while(c, i, |ch| ch != '}' && ch != '^' && ch != '"')),
            12 => (at(i)? == '}').then_some(1),
            13 => {
                let n = lit(c, i, "call")?;
                let w = ws_run(c, i + n);
                (w > 0).then_some(n + w)
            }
            14 => {
                if at(i)? != '(' {
                    return None;
                }
                let w = ws_run(c, i + 1);
                (at(i + 1 + w)? == ')').then_some(w + 2)
            }
            15 => (at(i)? == '(').then_some(1),
            16 => Some(run_while(c, i, |ch| ch != '(')),
            17 => (at(i)? == ')').then_some(1),
            18 => Some(run_while(c, i, |ch| ch != ')')),
            19 => nonzero(run_while(c, i, |ch| ch != '`' && ch != '"')),
            20 => lit(c, i, "`\""),
            21 => lit(c, i, "\"`"),
            25 => kw(c, i, "style"),
            26 => kw(c, i, "default"),
            27 => kw(c, i, "linkStyle"),
            28 => kw(c, i, "interpolate"),
            29 => kw(c, i, "classDef"),
            30 => kw(c, i, "class"),
            31 => {
                let n = lit(c, i, "href")?;
                is_js_space(at(i + n)?).then_some(n + 1)
            }
            32 => {
                let n = lit(c, i, "click")?;
                let w = ws_run(c, i + n);
                (w > 0).then_some(n + w)
            }
            33 => is_js_space(at(i)?).then_some(1),
            34 => Some(run_while(c, i, |ch| !is_js_space(ch))),
            35 => kw(c, i, "flowchart-elk"),
            36 => kw(c, i, "swimlane-beta"),
            37 => kw(c, i, "graph"),
            38 => kw(c, i, "flowchart"),
            39 => kw(c, i, "subgraph"),
            40 => {
                let n = kw(c, i, "end")?;
                Some(n + ws_run(c, i + n))
            }
            41 => kw(c, i, "_self"),
            42 => kw(c, i, "_blank"),
            43 => kw(c, i, "_parent"),
            44 => kw(c, i, "_top"),
            45 => {
                // (\r?\n)*\s*\n : longest whitespace prefix ending in '\n'
                let w = ws_run(c, i);
                (i..i + w).rev().find(|&k| c[k] == '\n').map(|k| k + 1 - i)
            }
            46..=51 => {
                let name = ["LR", "RL", "TB", "BT", "TD", "BR"][(r - 46) as usize];
                let w = ws_run(c, i);
                let n = kw(c, i + w, name)?;
                Some(w + n)
            }
            52..=54 => {
                let ch = ['<', '>', '^'][(r - 52) as usize];
                let w = ws_run(c, i);
                (at(i + w)? == ch).then_some(w + 1)
            }
            55 => {
                let w = ws_run(c, i);
                let n = kw(c, i + w, "v")?;
                Some(w + n)
            }
            56..=60 => {
                let name = ["TB", "BT", "RL", "LR", "TD"][(r - 56) as usize];
                // .*direction\s+NAME[^\n]* : some "direction" on this line
                let mut k = self.next_direction[i];
                if k == usize::MAX {
                    return None;
                }
                let le = self.line_end[i];
                while k < le {
                    if let Some(n) = lit(c, k, "direction") {
                        let w = run_while(c, k + n, is_js_space);
                        if w > 0 && lit(c, k + n + w, name).is_some() {
                            // [^\n]* to end of line
                            let e = i + run_while(c, i, |ch| ch != '\n');
                            return Some(e - i);
                        }
                    }
                    k = self.next_direction[k + 1];
                }
                None
            }
            61 => {
                // [^\s"[\](){}|]+@(?=[^{"]): the last valid '@' in the run
                let e = self.link_id_run_end[i];
                let k = self.prev_valid_at[e];
                if k != usize::MAX && k > i && k < e {
                    Some(k + 1 - i)
                } else {
                    None
                }
            }
            62 => nonzero(run_while(c, i, |ch| ch.is_ascii_digit())),
            63 | 104 => (at(i)? == '#').then_some(1),
            64 => lit(c, i, ":::"),
            65 => (at(i)? == ':').then_some(1),
            66 | 105 => (at(i)? == '&').then_some(1),
            67 => (at(i)? == ';').then_some(1),
            68 => (at(i)? == ',').then_some(1),
            69 | 103 => (at(i)? == '*').then_some(1),
            // --+[-xo>]: greedy dashes, then one of [-xo>] (backtrack one dash if needed)
            70 => link_rule(c, i, |p| stroke_run(c, p, '-')),
            71 => link_start(c, i, "--"),
            72 => {
                let ch = at(i)?;
                if ch != '-' {
                    return Some(1);
                }
                (at(i + 1) != Some('-')).then_some(1)
            }
            73 => link_rule(c, i, |p| stroke_run(c, p, '=')),
            74 => link_start(c, i, "=="),
            75 => (at(i)? != '=').then_some(1),
            76 => link_rule(c, i, |p| {
                // -?\.+-[xo>]?
                let mut k = p;
                if c.get(k) == Some(&'-') {
                    k += 1;
                }
                let d = run_while(c, k, |ch| ch == '.');
                if d == 0 {
                    return None;
                }
                k += d;
                if c.get(k) != Some(&'-') {
                    return None;
                }
                k += 1;
                if matches!(c.get(k), Some('x' | 'o' | '>')) {
                    k += 1;
                }
                Some(k - p)
            }),
            77 => link_start(c, i, "-."),
            78 => (at(i)? != '.').then_some(1),
            79 => {
                let w = ws_run(c, i);
                let n = run_while(c, i + w, |ch| ch == '~');
                if n < 3 {
                    return None;
                }
                let e = i + w + n;
                Some(e + ws_run(c, e) - i)
            }
            80 => {
                let a = at(i)?;
                (matches!(a, '-' | '/' | ')') && at(i + 1)? == ')').then_some(2)
            }
            81 => (!matches!(at(i)?, '(' | ')' | '[' | ']' | '{' | '}')).then_some(1),
            82 => lit(c, i, "(-"),
            83 => lit(c, i, "])"),
            84 => lit(c, i, "(["),
            85 => lit(c, i, "]]"),
            86 => lit(c, i, "[["),
            87 => lit(c, i, "[|"),
            88 | 99 => (at(i)? == '>').then_some(1),
            89 => lit(c, i, ")]"),
            90 => lit(c, i, "[("),
            91 => lit(c, i, ")))"),
            92 => lit(c, i, "((("),
            93 => {
                let a = at(i)?;
                (matches!(a, '\\' | '(' | '?' | '=' | ']') && at(i + 1)? == ']').then_some(2)
            }
            94 => lit(c, i, "/]"),
            95 => {
                let a = at(i)?;
                if a == '/' || a == '\\' {
                    return (at(i + 1) != Some(']')).then_some(1);
                }
                nonzero(run_while(c, i, |ch| {
                    !matches!(ch, '\\' | '[' | ']' | '(' | ')' | '{' | '}' | '/')
                }))
            }
            96 => lit(c, i, "[/"),
            97 => lit(c, i, "[\\"),
            98 => (at(i)? == '<').then_some(1),
            100 => (at(i)? == '^').then_some(1),
            101 => lit(c, i, "\\|"),
            102 => kw(c, i, "v"),
            106 => {
                let mut k = i;
                while let Some(ch) = at(k) {
                    let dash_ok = ch == '-'
                        && matches!(at(k + 1), Some(n) if n != '>' && n != '-' && n != '.');
                    if !(is_node_string_char(ch) || dash_ok) {
                        break;
                    }
                    k += 1;
                }
                nonzero(k - i)
            }
            107 => (at(i)? == '-').then_some(1),
            108 => is_unicode_text(at(i)?).then_some(1),
            109 | 110 => (at(i)? == '|').then_some(1),
            111 => (at(i)? == ')').then_some(1),
            112 => (at(i)? == '(').then_some(1),
            113 => (at(i)? == ']').then_some(1),
            114 => (at(i)? == '[').then_some(1),
            115 => (at(i)? == '}').then_some(1),
            116 => (at(i)? == '{').then_some(1),
            117 => nonzero(run_while(c, i, |ch| {
                !matches!(ch, '[' | ']' | '(' | ')' | '{' | '}' | '|' | '"')
            })),
            119 => {
                let n = run_while(c, i, |ch| ch == '\n' || ch == '\r');
                // (\r?\n)+ : stop at a trailing lone '\r'
                let mut e = i;
                let mut k = i;
                while k < i + n {
                    if c[k] == '\n' {
                        k += 1;
                        e = k;
                    } else if c[k] == '\r' && k + 1 < c.len() && c[k + 1] == '\n' {
                        k += 2;
                        e = k;
                    } else {
                        break;
                    }
                }
                nonzero(e - i)
            }
            120 => nonzero(run_while(c, i, |ch| {
                is_js_space(ch) && ch != '\n' && ch != '\r'
            })),
            121 => (i >= c.len()).then_some(0),
            _ => None,
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

fn nonzero(n: usize) -> Option<usize> {
    if n > 0 { Some(n) } else { None }
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
