//! Fragments: the unbreakable pieces block flow produces and pagination stacks onto pages.

use super::*;
use crate::fonts::Pt;
use crate::theme::Rgb;
use std::sync::Arc;

/// A vertical band drawn behind a fragment (code background, quote bar).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Band {
    pub(super) x: Pt,
    pub(super) w: Pt,
    pub(super) color: Rgb,
    /// Also cover the space above the fragment (joins bands of consecutive fragments).
    pub(super) extend_up: bool,
}

/// An unbreakable piece of the flow.
#[derive(Debug, Clone, Default)]
pub(super) struct Fragment {
    pub(super) height: Pt,
    pub(super) space_before: Pt,
    pub(super) items: Vec<Item>,
    pub(super) bands: Vec<Band>,
    pub(super) keep_with_next: bool,
    pub(super) anchors: Vec<String>,
    pub(super) outline: Option<(u8, String)>,
    pub(super) first_baseline: Option<Pt>,
    /// Start a new page before this fragment.
    pub(super) page_break_before: bool,
    /// The line of text this fragment holds, if any.
    pub(super) line_text: Option<TextLine>,
    /// Drawn again at the top of a page this fragment starts (a table's header row).
    pub(super) repeat_header: Option<Arc<Fragment>>,
    /// Goes on a landscape page (width and height swapped); a change of orientation starts
    /// a new page.
    pub(super) landscape: bool,
    /// From this fragment on, the running header shows this text (a book chapter's title).
    pub(super) running_title: Option<String>,
    /// The page this fragment starts has no header or footer (a title page).
    pub(super) plain_page: bool,
    /// The report of the table this fragment starts (collected into `LaidOut::tables`).
    pub(super) table: Option<Box<table::TableReport>>,
}

pub(super) fn frags_height(v: &[Fragment]) -> Pt {
    v.iter().map(|f| f.space_before + f.height).sum()
}
