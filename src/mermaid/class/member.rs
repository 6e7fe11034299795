//! Class members and their display text, as Mermaid 12.3's `ClassMember`
//! (`classTypes.ts`) reads them: visibility, name, parameters, return type and classifier
//! (`$` static, `*` abstract), and `parseGenericTypes` (`common.ts`), which draws `~T~`
//! as `<T>`.
//!
//! Text in, [`Member`] out; knows no grammar or drawing.

use super::model::{Member, MemberKind};
use crate::mermaid::common::sanitize::sanitize_text;

const VISIBILITY: [char; 4] = ['#', '+', '~', '-'];

/// Reads a member declaration already trimmed (`+getName(id) String$`).
///
/// Returns `None` for a method text Mermaid's method pattern does not match (a `)`
/// but no `(` before it), where `ClassMember` fails.
pub(crate) fn parse_member(input: &str, kind: MemberKind) -> Option<Member> {
    let s = sanitize_text(input);
    let c: Vec<char> = s.chars().collect();
    let mut m = Member {
        kind,
        visibility: String::new(),
        name: String::new(),
        parameters: String::new(),
        return_type: String::new(),
        classifier: String::new(),
    };
    let mut classifier = String::new();
    match kind {
        MemberKind::Method => {
            // /([#+~-])?(.+)\((.*)\)([\s$*])?(.*)([$*])?/
            let try_at = |from: usize| -> Option<(usize, usize)> {
                // `.+` is greedy: the last `(` with a `)` after it, at least one char in
                let last_close = c.iter().rposition(|&x| x == ')')?;
                let open = (from + 1..last_close).rev().find(|&p| c[p] == '(')?;
                Some((open, last_close))
            };
            let has_vis = c.first().is_some_and(|x| VISIBILITY.contains(x));
            let (vis_len, (open, close)) = match has_vis.then(|| try_at(1)).flatten() {
                Some(oc) => (1, oc),
                None => (0, try_at(0)?),
            };
            if vis_len == 1 {
                m.visibility = c[0].to_string();
            }
            m.name = c[vis_len..open].iter().collect();
            m.parameters = c[open + 1..close]
                .iter()
                .collect::<String>()
                .trim()
                .to_string();
            let mut k = close + 1;
            if let Some(&x) = c.get(k)
                && (x.is_whitespace() || x == '$' || x == '*')
            {
                if !x.is_whitespace() {
                    classifier = x.to_string();
                }
                k += 1;
            }
            m.return_type = c[k.min(c.len())..]
                .iter()
                .collect::<String>()
                .trim()
                .to_string();
            if classifier.is_empty()
                && let Some(last) = m.return_type.chars().last()
                && (last == '$' || last == '*')
            {
                classifier = last.to_string();
                m.return_type.pop();
            }
        }
        MemberKind::Attribute => {
            let n = c.len();
            if c.first().is_some_and(|x| VISIBILITY.contains(x)) {
                m.visibility = c[0].to_string();
            }
            if c.last().is_some_and(|&x| x == '$' || x == '*') {
                classifier = c[n - 1].to_string();
            }
            let a = if m.visibility.is_empty() { 0 } else { 1 };
            let b = if classifier.is_empty() { n } else { n - 1 };
            m.name = if a <= b {
                c[a..b].iter().collect()
            } else {
                String::new()
            };
        }
    }
    m.classifier = classifier;
    m.name = if m.name.starts_with(' ') {
        format!(" {}", m.name.trim())
    } else {
        m.name.trim().to_string()
    };
    Some(m)
}

/// The text Mermaid draws for a member (`getDisplayDetails().displayText`).
pub fn display_text(m: &Member) -> String {
    let mut t = format!("{}{}", m.visibility, parse_generic_types(&m.name));
    if m.kind == MemberKind::Method {
        t.push('(');
        t.push_str(&parse_generic_types(m.parameters.trim()));
        t.push(')');
        if !m.return_type.is_empty() {
            t.push_str(" : ");
            t.push_str(&parse_generic_types(&m.return_type));
        }
    }
    t.trim().to_string()
}

/// `parseGenericTypes`: pairs of `~` become `<` `>` (`List~List~int~~` →
/// `List<List<int>>`), `~K, V~` split at commas kept together.
pub fn parse_generic_types(input: &str) -> String {
    let sets = split_keep_commas(input);
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < sets.len() {
        let mut this = sets[i].clone();
        if this == "," && i > 0 && i + 1 < sets.len() {
            let prev = &sets[i - 1];
            let next = &sets[i + 1];
            if prev.matches('~').count() == 1 && next.matches('~').count() == 1 {
                this = format!("{prev},{next}");
                i += 1;
                out.pop();
            }
        }
        out.push(process_set(&this));
        i += 1;
    }
    out.concat()
}

/// `input.split(/(,)/)`.
fn split_keep_commas(input: &str) -> Vec<String> {
    let mut v = Vec::new();
    let mut cur = String::new();
    for ch in input.chars() {
        if ch == ',' {
            v.push(std::mem::take(&mut cur));
            v.push(",".to_string());
        } else {
            cur.push(ch);
        }
    }
    v.push(cur);
    v
}

fn process_set(input: &str) -> String {
    let count = input.matches('~').count();
    if count <= 1 {
        return input.to_string();
    }
    let mut s = input;
    let mut starting = false;
    if !count.is_multiple_of(2) && s.starts_with('~') {
        s = &s[1..];
        starting = true;
    }
    let mut chars: Vec<char> = s.chars().collect();
    loop {
        let first = chars.iter().position(|&x| x == '~');
        let last = chars.iter().rposition(|&x| x == '~');
        match (first, last) {
            (Some(f), Some(l)) if f != l => {
                chars[f] = '<';
                chars[l] = '>';
            }
            _ => break,
        }
    }
    let mut r: String = chars.into_iter().collect();
    if starting {
        r.insert(0, '~');
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    fn method(s: &str) -> Member {
        parse_member(s, MemberKind::Method).unwrap()
    }

    #[test]
    fn methods() {
        let m = method("+getPoints() List~int~");
        assert_eq!(m.visibility, "+");
        assert_eq!(m.name, "getPoints");
        assert_eq!(m.return_type, "List~int~");
        assert_eq!(display_text(&m), "+getPoints() : List<int>");
        let m = method("someAbstractMethod()*");
        assert_eq!(m.classifier, "*");
        let m = method("someStatic() int$");
        assert_eq!(
            (m.classifier.as_str(), m.return_type.as_str()),
            ("$", "int")
        );
        assert!(parse_member("a)b", MemberKind::Method).is_none());
    }

    #[test]
    fn attributes_and_generics() {
        let a = parse_member("-List~int~ position$", MemberKind::Attribute).unwrap();
        assert_eq!(a.visibility, "-");
        assert_eq!(a.name, "List~int~ position");
        assert_eq!(a.classifier, "$");
        assert_eq!(display_text(&a), "-List<int> position");
        assert_eq!(parse_generic_types("Map~K, V~"), "Map<K, V>");
        assert_eq!(parse_generic_types("List~List~int~~"), "List<List<int>>");
    }
}
