//! A minimal `GSUB` table for an embedded subset: one ligature substitution lookup
//! (OpenType spec, "GSUB — Glyph Substitution Table", LookupType 4 "Ligature Substitution
//! Subtable", Format 1) under the `ccmp` feature of the `DFLT` script, which every shaper
//! applies by default. It carries the emoji sequences the text uses (ZWJ sequences, skin
//! tones, flags, keycaps) from their component glyphs to the one glyph the full font draws,
//! because the `subsetter` crate keeps no layout tables.

use std::collections::BTreeMap;

/// A `GSUB` table for `ligatures`: (component glyph ids in text order, at least two;
/// ligature glyph id), ids of the subset font. Duplicate component lists keep the first.
pub(crate) fn ligature_gsub(ligatures: &[(Vec<u16>, u16)]) -> Vec<u8> {
    // First component → [(other components, ligature)], longest first (spec: "ordered by
    // preference").
    let mut sets: BTreeMap<u16, Vec<(&[u16], u16)>> = BTreeMap::new();
    for (components, lig) in ligatures {
        let Some((&first, rest)) = components.split_first() else {
            continue;
        };
        if rest.is_empty() {
            continue;
        }
        let set = sets.entry(first).or_default();
        if !set.iter().any(|(r, _)| *r == rest) {
            set.push((rest, *lig));
        }
    }
    for set in sets.values_mut() {
        set.sort_by_key(|(rest, _)| std::cmp::Reverse(rest.len()));
    }

    // LigatureSubstFormat1: format, coverage offset, set count, set offsets; then the
    // coverage table, then each LigatureSet with its Ligature tables.
    let n = sets.len();
    let mut coverage = Vec::new();
    push16(&mut coverage, 1);
    push16(&mut coverage, n as u16);
    for first in sets.keys() {
        push16(&mut coverage, *first);
    }
    let header_len = 6 + 2 * n;
    let mut body = Vec::new();
    let mut set_offsets = Vec::new();
    for set in sets.values() {
        set_offsets.push(header_len + coverage.len() + body.len());
        let mut table = Vec::new();
        push16(&mut table, set.len() as u16);
        let mut lig_tables = Vec::new();
        let mut lig_offsets = Vec::new();
        for (rest, lig) in set {
            lig_offsets.push(2 + 2 * set.len() + lig_tables.len());
            push16(&mut lig_tables, *lig);
            push16(&mut lig_tables, rest.len() as u16 + 1);
            for g in *rest {
                push16(&mut lig_tables, *g);
            }
        }
        for o in lig_offsets {
            push16(&mut table, o as u16);
        }
        table.extend_from_slice(&lig_tables);
        body.extend_from_slice(&table);
    }
    let mut subtable = Vec::new();
    push16(&mut subtable, 1);
    push16(&mut subtable, header_len as u16);
    push16(&mut subtable, n as u16);
    for o in set_offsets {
        push16(&mut subtable, o as u16);
    }
    subtable.extend_from_slice(&coverage);
    subtable.extend_from_slice(&body);

    // ScriptList: DFLT → default LangSys with feature 0.
    let mut script_list = Vec::new();
    push16(&mut script_list, 1);
    script_list.extend_from_slice(b"DFLT");
    push16(&mut script_list, 8); // Script table right after the record
    push16(&mut script_list, 4); // defaultLangSys offset from the Script table
    push16(&mut script_list, 0); // langSysCount
    push16(&mut script_list, 0); // lookupOrderOffset (reserved)
    push16(&mut script_list, 0xFFFF); // no required feature
    push16(&mut script_list, 1);
    push16(&mut script_list, 0);
    // FeatureList: ccmp → lookup 0.
    let mut feature_list = Vec::new();
    push16(&mut feature_list, 1);
    feature_list.extend_from_slice(b"ccmp");
    push16(&mut feature_list, 8);
    push16(&mut feature_list, 0); // featureParamsOffset
    push16(&mut feature_list, 1);
    push16(&mut feature_list, 0);
    // LookupList: one Lookup of type 4 with one subtable.
    let mut lookup_list = Vec::new();
    push16(&mut lookup_list, 1);
    push16(&mut lookup_list, 4); // Lookup table offset
    push16(&mut lookup_list, 4); // lookupType
    push16(&mut lookup_list, 0); // lookupFlag
    push16(&mut lookup_list, 1);
    push16(&mut lookup_list, 8); // subtable offset from the Lookup table
    lookup_list.extend_from_slice(&subtable);

    let mut out = Vec::new();
    push16(&mut out, 1);
    push16(&mut out, 0);
    let script_at = 10;
    let feature_at = script_at + script_list.len();
    let lookup_at = feature_at + feature_list.len();
    push16(&mut out, script_at as u16);
    push16(&mut out, feature_at as u16);
    push16(&mut out, lookup_at as u16);
    out.extend_from_slice(&script_list);
    out.extend_from_slice(&feature_list);
    out.extend_from_slice(&lookup_list);
    out
}

fn push16(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_be_bytes());
}
