//! Inline content: comrak's inline nodes and the safe subset of inline HTML nested back
//! into [`Inline`]s through a stack of open frames.

use super::*;

/// An element being filled while walking inlines: a Markdown container or an open HTML tag.
pub(super) struct Frame {
    pub(super) kind: FrameKind,
    /// Lowercase HTML tag name; empty for Markdown containers.
    pub(super) tag: String,
    pub(super) items: Vec<Inline>,
}

pub(super) enum FrameKind {
    Root,
    Style(Style),
    Code,
    Link {
        url: String,
        title: String,
    },
    Lang(Option<String>),
    /// Dropped element whose content is dropped too (`<script>`).
    Drop,
}

impl Builder<'_> {
    pub(super) fn push(&mut self, i: Inline) {
        self.stack.last_mut().expect("frame").items.push(i);
    }

    /// Adds text, resolving a pending soft line break against its first character.
    pub(super) fn push_text(&mut self, t: &str, code: bool) {
        if t.is_empty() {
            return;
        }
        if matches!(self.stack.last().map(|f| &f.kind), Some(FrameKind::Drop)) {
            return;
        }
        if let Some(depth) = self.pending_soft.take() {
            let next = t.chars().next();
            let join = matches!((self.last_char, next), (Some(a), Some(b)) if is_cjk_no_space(a) && is_cjk_no_space(b));
            if !join {
                self.push_plain_at(depth, " ");
            }
        }
        self.last_char = t.chars().last();
        if code || matches!(self.stack.last().map(|f| &f.kind), Some(FrameKind::Code)) {
            if code {
                self.push(Inline::Code(t.to_string()));
            } else {
                self.push_plain(t);
            }
        } else {
            self.push_plain(t);
        }
    }

    pub(super) fn push_plain(&mut self, t: &str) {
        let depth = self.stack.len();
        self.push_plain_at(depth, t);
    }

    /// Appends text to the frame at `depth` (1-based; clamped to the open frames).
    pub(super) fn push_plain_at(&mut self, depth: usize, t: &str) {
        let i = depth.clamp(1, self.stack.len()) - 1;
        let items = &mut self.stack[i].items;
        if let Some(Inline::Text(prev)) = items.last_mut() {
            prev.push_str(t);
        } else {
            items.push(Inline::Text(t.to_string()));
        }
    }

    /// Walks one inline node; `floor` is the stack depth HTML frames may not close below.
    pub(super) fn inline<'a>(&mut self, node: &'a AstNode<'a>, floor: usize) {
        let value = node.data().value.clone();
        let styled = |s: Style| FrameKind::Style(s);
        match value {
            NodeValue::Text(t) => self.push_text(&t, false),
            NodeValue::Code(c) => self.push_text(&c.literal, true),
            NodeValue::SoftBreak => self.pending_soft = Some(self.stack.len()),
            NodeValue::LineBreak => {
                self.pending_soft = None;
                self.push(Inline::LineBreak);
                self.last_char = None;
            }
            NodeValue::HtmlInline(raw) => {
                let pos = pos_of(node);
                for tok in tokenize(&raw) {
                    match tok {
                        HtmlToken::Text(t) => self.push_text(&t, false),
                        other => self.html_token(other, pos, floor),
                    }
                }
            }
            NodeValue::Emph => self.container(node, styled(Style::Emphasis)),
            NodeValue::Strong => self.container(node, styled(Style::Strong)),
            NodeValue::Strikethrough => self.container(node, styled(Style::Strikethrough)),
            NodeValue::Superscript => self.container(node, styled(Style::Superscript)),
            NodeValue::Subscript => self.container(node, styled(Style::Subscript)),
            NodeValue::Underline | NodeValue::Insert => {
                self.container(node, styled(Style::Underline))
            }
            NodeValue::Highlight => self.container(node, styled(Style::Mark)),
            NodeValue::Link(l) => self.container(
                node,
                FrameKind::Link {
                    url: l.url.clone(),
                    title: l.title.clone(),
                },
            ),
            NodeValue::Image(l) => {
                let mut alt = String::new();
                collect_text(node, &mut alt);
                self.flush_soft();
                self.push(Inline::Image {
                    url: l.url.clone(),
                    title: l.title.clone(),
                    alt,
                    pos: pos_of(node),
                });
                self.last_char = None;
            }
            NodeValue::FootnoteReference(r) => {
                let next = self.footnote_numbers.len() as u32 + 1;
                let n = *self.footnote_numbers.entry(r.name.clone()).or_insert(next);
                self.flush_soft();
                self.push(Inline::FootnoteRef(n));
            }
            NodeValue::Math(m) => {
                self.flush_soft();
                self.push(Inline::Math(m.literal.clone()));
                self.last_char = m.literal.chars().last();
            }
            _ => {
                // Other inline kinds (escaped spans, raw): keep their children's text.
                for c in node.children() {
                    self.inline(c, floor);
                }
            }
        }
    }

    /// Emits a pending soft break as a space before a non-text inline.
    pub(super) fn flush_soft(&mut self) {
        if let Some(depth) = self.pending_soft.take() {
            self.push_plain_at(depth, " ");
        }
    }

    pub(super) fn container<'a>(&mut self, node: &'a AstNode<'a>, kind: FrameKind) {
        self.stack.push(Frame {
            kind,
            tag: String::new(),
            items: Vec::new(),
        });
        let floor = self.stack.len();
        for c in node.children() {
            self.inline(c, floor);
        }
        self.close_to(floor);
        self.close_top();
    }

    /// Wraps the top frame into an inline of its parent.
    pub(super) fn close_top(&mut self) {
        let f = self.stack.pop().expect("frame");
        let inline = match f.kind {
            FrameKind::Root => {
                // Never closed here; put the items back.
                self.stack.push(f);
                return;
            }
            FrameKind::Style(s) => Some(Inline::Styled(s, f.items)),
            FrameKind::Code => Some(Inline::Code(Inline::plain_text(&f.items))),
            FrameKind::Link { url, title } => Some(Inline::Link {
                url,
                title,
                content: f.items,
            }),
            FrameKind::Lang(Some(l)) => Some(Inline::Lang(l, f.items)),
            FrameKind::Lang(None) => {
                for i in f.items {
                    self.push(i);
                }
                None
            }
            FrameKind::Drop => None,
        };
        if let Some(i) = inline {
            self.push(i);
        }
    }

    /// Closes HTML frames opened above `floor` (unclosed tags end with their container).
    pub(super) fn close_to(&mut self, floor: usize) {
        while self.stack.len() > floor {
            self.close_top();
        }
    }

    pub(super) fn html_token(&mut self, tok: HtmlToken, pos: SourcePos, floor: usize) {
        match tok {
            HtmlToken::Comment | HtmlToken::Text(_) => {}
            HtmlToken::Close { name, raw } => {
                let found = (floor..self.stack.len())
                    .rev()
                    .find(|&i| self.stack[i].tag == name);
                match found {
                    Some(i) => {
                        while self.stack.len() > i {
                            self.close_top();
                        }
                    }
                    None if is_block_container(&name) || is_known_inline(&name) => {}
                    None => self.unknown_tag(&raw, pos),
                }
            }
            HtmlToken::Open {
                ref name,
                self_closing,
                ref raw,
                ..
            } => {
                let kind = match name.as_str() {
                    "strong" | "b" => FrameKind::Style(Style::Strong),
                    "em" | "i" | "cite" | "var" | "dfn" => FrameKind::Style(Style::Emphasis),
                    "del" | "s" | "strike" => FrameKind::Style(Style::Strikethrough),
                    "sup" => FrameKind::Style(Style::Superscript),
                    "sub" => FrameKind::Style(Style::Subscript),
                    "u" | "ins" => FrameKind::Style(Style::Underline),
                    "mark" => FrameKind::Style(Style::Mark),
                    "kbd" => FrameKind::Style(Style::Kbd),
                    "code" | "tt" | "samp" => FrameKind::Code,
                    "a" => match tok.attr("href") {
                        Some(h) if !h.is_empty() => FrameKind::Link {
                            url: h.to_string(),
                            title: tok.attr("title").unwrap_or("").to_string(),
                        },
                        _ => FrameKind::Lang(None),
                    },
                    "span" | "font" | "small" | "big" | "abbr" | "q" | "time" | "bdi" | "label" => {
                        FrameKind::Lang(tok.attr("lang").map(|s| s.to_string()))
                    }
                    "br" => {
                        self.pending_soft = None;
                        self.push(Inline::LineBreak);
                        self.last_char = None;
                        return;
                    }
                    "wbr" => return,
                    "img" => {
                        let src = tok.attr("src").unwrap_or("").to_string();
                        self.flush_soft();
                        self.push(Inline::Image {
                            url: src,
                            title: tok.attr("title").unwrap_or("").to_string(),
                            alt: tok.attr("alt").unwrap_or("").to_string(),
                            pos,
                        });
                        return;
                    }
                    "script" | "style" | "iframe" | "video" | "audio" | "object" | "embed"
                    | "canvas" | "svg" | "math" | "form" | "input" | "button" | "select"
                    | "textarea" => {
                        self.diags.warn(
                            pos.line,
                            pos.column,
                            format!(
                                "HTML element <{name}> cannot be shown and was left out: {}",
                                quote(raw)
                            ),
                        );
                        if self_closing {
                            return;
                        }
                        FrameKind::Drop
                    }
                    n if is_block_container(n) => return,
                    _ => {
                        self.unknown_tag(raw, pos);
                        return;
                    }
                };
                if self_closing {
                    return;
                }
                self.stack.push(Frame {
                    kind,
                    tag: name.clone(),
                    items: Vec::new(),
                });
            }
        }
    }

    pub(super) fn unknown_tag(&mut self, raw: &str, pos: SourcePos) {
        self.diags.warn(
            pos.line,
            pos.column,
            format!("unsupported HTML kept as text: {}", quote(raw)),
        );
        self.push_text(raw, false);
    }
}

/// Removes a trailing kramdown/Jekyll inline attribute list (`{: .class width="972" }`) from
/// the last text of a paragraph; true when one was removed.
pub(super) fn strip_attribute_list(items: &mut Vec<Inline>) -> bool {
    let only = items.len() == 1;
    let Some(Inline::Text(t)) = items.last_mut() else {
        return false;
    };
    let trimmed = t.trim_end();
    if !trimmed.ends_with('}') {
        return false;
    }
    let Some(start) = trimmed.rfind("{:") else {
        return false;
    };
    let before = &trimmed[..start];
    if !(before.is_empty() || before.ends_with(char::is_whitespace) || before.ends_with(')'))
        && only
    {
        return false;
    }
    if trimmed[start..].contains('\n') {
        return false;
    }
    let keep = before.trim_end().to_string();
    *t = keep;
    if t.is_empty() {
        items.pop();
    }
    true
}

pub(super) fn is_known_inline(name: &str) -> bool {
    matches!(
        name,
        "strong"
            | "b"
            | "em"
            | "i"
            | "cite"
            | "var"
            | "dfn"
            | "del"
            | "s"
            | "strike"
            | "sup"
            | "sub"
            | "u"
            | "ins"
            | "mark"
            | "kbd"
            | "code"
            | "tt"
            | "samp"
            | "a"
            | "span"
            | "font"
            | "small"
            | "big"
            | "abbr"
            | "q"
            | "time"
            | "bdi"
            | "label"
            | "br"
            | "wbr"
            | "img"
            | "script"
            | "style"
            | "iframe"
            | "video"
            | "audio"
            | "object"
            | "embed"
            | "canvas"
            | "svg"
            | "math"
            | "form"
            | "input"
            | "button"
            | "select"
            | "textarea"
    )
}

pub(super) fn collect_text<'a>(node: &'a AstNode<'a>, out: &mut String) {
    match &node.data().value {
        NodeValue::Text(t) => out.push_str(t),
        NodeValue::Code(c) => out.push_str(&c.literal),
        NodeValue::CodeBlock(c) => out.push_str(&c.literal),
        NodeValue::SoftBreak | NodeValue::LineBreak => out.push(' '),
        _ => {}
    }
    for c in node.children() {
        collect_text(c, out);
    }
}

pub(super) fn is_blank(v: &[Inline]) -> bool {
    v.iter().all(|i| match i {
        Inline::Text(t) => t.trim().is_empty(),
        Inline::Styled(_, c) | Inline::Lang(_, c) => is_blank(c),
        Inline::LineBreak => true,
        _ => false,
    })
}

/// Drops leading/trailing white space and line breaks of a paragraph.
pub(super) fn trim_inlines(mut v: Vec<Inline>) -> Vec<Inline> {
    while matches!(v.last(), Some(Inline::LineBreak)) {
        v.pop();
    }
    while matches!(v.first(), Some(Inline::LineBreak)) {
        v.remove(0);
    }
    if let Some(Inline::Text(t)) = v.first_mut() {
        *t = t.trim_start().to_string();
    }
    if let Some(Inline::Text(t)) = v.last_mut() {
        *t = t.trim_end().to_string();
    }
    v.retain(|i| !matches!(i, Inline::Text(t) if t.is_empty()));
    v
}
