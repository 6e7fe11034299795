//! What YAML front matter (`---\ntitle: …\nconfig: …\n---`) and `%%{init: …}%%` directives
//! set for a diagram: the title, the theme and its variables, and the keys of the diagram
//! type's own config section (`flowchart:`, later `sequence:`, `class:`, …), which the
//! caller interprets.
//!
//! Shared by every diagram type; knows no diagram's settings beyond the section name it is
//! given. Unsupported keys and unreadable config become [`Warning`]s at the position of the
//! front matter or directive, never errors (Mermaid ignores unknown config too).

use super::config::{self, Value};
use super::error::Warning;
use super::preprocess::{Directive, Pre, warning_at};

/// The settings every diagram type shares.
#[derive(Debug, Clone, Default)]
pub(crate) struct Settings {
    /// `title:` from the front matter.
    pub(crate) title: Option<String>,
    /// `theme` from the config (`default`, `forest`, `neutral`, `dark`, …).
    pub(crate) theme: Option<String>,
    /// `themeVariables` as (name, value) pairs; a later value replaces an earlier one and
    /// moves to the end.
    pub(crate) theme_variables: Vec<(String, String)>,
}

/// A diagram type's own config section: its key (`flowchart`) and a reader for each of
/// its keys, which returns false for a key it does not support (a warning is given).
pub(crate) struct Section<'a> {
    /// The config key of the diagram type, e.g. `flowchart`.
    pub(crate) name: &'a str,
    /// Reads one key of the section.
    pub(crate) apply: &'a mut dyn FnMut(&str, &Value) -> bool,
}

/// Reads the front matter, then every directive, of `pre` (from the source whose chars
/// are `src`); warnings are appended to `w` in source order.
pub(crate) fn read(
    pre: &Pre,
    src: &[char],
    section: &mut Section,
    w: &mut Vec<Warning>,
) -> Settings {
    let mut s = Settings::default();
    if let Some((body, pos)) = &pre.front_matter {
        front_matter(body, *pos, src, &mut s, section, w);
    }
    for d in &pre.directives {
        directive(d, src, &mut s, section, w);
    }
    s
}

fn warn(src: &[char], pos: usize, msg: String, w: &mut Vec<Warning>) {
    w.push(warning_at(src, pos, msg));
}

fn apply_config(
    cfg: &Value,
    prefix: &str,
    pos: usize,
    src: &[char],
    s: &mut Settings,
    section: &mut Section,
    w: &mut Vec<Warning>,
) {
    let Value::Map(m) = cfg else {
        warn(src, pos, format!("{prefix}: expected a mapping"), w);
        return;
    };
    for (k, v) in m {
        match k.as_str() {
            "theme" => s.theme = v.scalar(),
            "themeVariables" => match v {
                Value::Map(tv) => {
                    for (name, val) in tv {
                        match val.scalar() {
                            Some(val) => {
                                s.theme_variables.retain(|(n, _)| n != name);
                                s.theme_variables.push((name.clone(), val));
                            }
                            None => warn(
                                src,
                                pos,
                                format!(
                                    "{prefix}: theme variable `{name}` is not a scalar; ignored"
                                ),
                                w,
                            ),
                        }
                    }
                }
                _ => warn(
                    src,
                    pos,
                    format!("{prefix}: `themeVariables` is not a mapping"),
                    w,
                ),
            },
            key if key == section.name || key == "config" => match v {
                Value::Map(fm) => {
                    for (fk, fv) in fm {
                        if !(section.apply)(fk, fv) {
                            warn(
                                src,
                                pos,
                                format!(
                                    "{prefix}: unsupported key `{}.{fk}` ignored",
                                    section.name
                                ),
                                w,
                            );
                        }
                    }
                }
                _ => warn(src, pos, format!("{prefix}: `{k}` is not a mapping"), w),
            },
            other => warn(
                src,
                pos,
                format!("{prefix}: unsupported key `{other}` ignored"),
                w,
            ),
        }
    }
}

fn front_matter(
    body: &str,
    pos: usize,
    src: &[char],
    s: &mut Settings,
    section: &mut Section,
    w: &mut Vec<Warning>,
) {
    match config::parse_yaml(body) {
        Ok(Value::Map(m)) => {
            for (k, v) in &m {
                match k.as_str() {
                    "title" => s.title = v.scalar(),
                    "config" => apply_config(v, "front matter config", pos, src, s, section, w),
                    other => warn(
                        src,
                        pos,
                        format!("front matter: unsupported key `{other}` ignored"),
                        w,
                    ),
                }
            }
        }
        Ok(Value::Null) => {}
        Ok(_) => warn(src, pos, "front matter is not a mapping; ignored".into(), w),
        Err(e) => warn(
            src,
            pos,
            format!("front matter not understood ({e}); ignored"),
            w,
        ),
    }
}

fn directive(
    d: &Directive,
    src: &[char],
    s: &mut Settings,
    section: &mut Section,
    w: &mut Vec<Warning>,
) {
    let kind = d.kind.to_ascii_lowercase();
    if kind == "init" || kind == "initialize" {
        let Some(args) = &d.args else { return };
        let json = args.trim().replace('\'', "\"");
        match config::parse_json(&json) {
            Ok(v) => apply_config(&v, "init directive", d.pos, src, s, section, w),
            Err(e) => warn(
                src,
                d.pos,
                format!("init directive not understood ({e}); ignored"),
                w,
            ),
        }
    } else {
        warn(
            src,
            d.pos,
            format!("unsupported directive `{}` ignored", d.kind),
            w,
        );
    }
}
