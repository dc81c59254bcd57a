//! Dropping the objects nothing refers to before a document is saved
//! (printpdf leaves some behind), and numbering the rest 1, 2, 3….
//!
//! lopdf's `prune_objects` and `renumber_objects` remember the objects
//! they have visited in a list they search linearly, which is quadratic in
//! their number: on a tagged packet of 1,800 pages, with its tens of
//! thousands of structure elements, the two took 60% of the build. These
//! are the same walks with a set and a map, and give the same document.

use std::collections::{BTreeMap, BTreeSet};

use lopdf::{Document, Object, ObjectId};

/// Removes every object not reachable from the trailer.
pub(super) fn unreachable_objects(doc: &mut Document) {
    let mut reached: BTreeSet<ObjectId> = BTreeSet::new();
    let mut pending: Vec<ObjectId> = Vec::new();
    for (_, value) in doc.trailer.iter() {
        references(value, &mut pending);
    }
    while let Some(id) = pending.pop() {
        if !reached.insert(id) {
            continue;
        }
        if let Some(object) = doc.objects.get(&id) {
            references(object, &mut pending);
        }
    }
    doc.objects.retain(|id, _| reached.contains(id));
}

/// Numbers the objects 1, 2, 3… in the order of their numbers, as lopdf's
/// `renumber_objects` does, references updated. lopdf first puts page
/// objects in page order when they are not; that case is left to it.
pub(super) fn renumber(doc: &mut Document) {
    let pages: Vec<ObjectId> = doc.page_iter().collect();
    if pages.windows(2).any(|pair| pair[0] > pair[1]) {
        doc.renumber_objects();
        return;
    }
    let mut replace: BTreeMap<ObjectId, ObjectId> = BTreeMap::new();
    for (new, &old) in (1..).zip(doc.objects.keys()) {
        if old.0 != new {
            replace.insert(old, (new, old.1));
        }
    }
    let objects = std::mem::take(&mut doc.objects);
    doc.objects = objects
        .into_iter()
        .map(|(id, mut object)| {
            renumbered(&mut object, &replace);
            (replace.get(&id).copied().unwrap_or(id), object)
        })
        .collect();
    for (_, value) in doc.trailer.iter_mut() {
        renumbered(value, &replace);
    }
    doc.max_id = u32::try_from(doc.objects.len()).unwrap_or(u32::MAX);
}

/// `object` with every reference in it, at any depth, replaced.
fn renumbered(object: &mut Object, replace: &BTreeMap<ObjectId, ObjectId>) {
    match object {
        Object::Reference(id) => {
            if let Some(new) = replace.get(id) {
                *id = *new;
            }
        }
        Object::Array(items) => items.iter_mut().for_each(|item| renumbered(item, replace)),
        Object::Dictionary(dict) => dict
            .iter_mut()
            .for_each(|(_, value)| renumbered(value, replace)),
        Object::Stream(stream) => stream
            .dict
            .iter_mut()
            .for_each(|(_, value)| renumbered(value, replace)),
        _ => {}
    }
}

/// Pushes every object `object` refers to, at any depth.
fn references(object: &Object, out: &mut Vec<ObjectId>) {
    match object {
        Object::Reference(id) => out.push(*id),
        Object::Array(items) => items.iter().for_each(|item| references(item, out)),
        Object::Dictionary(dict) => dict.iter().for_each(|(_, value)| references(value, out)),
        Object::Stream(stream) => stream
            .dict
            .iter()
            .for_each(|(_, value)| references(value, out)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::{Dictionary, dictionary};

    #[test]
    fn only_what_the_trailer_reaches_stays_and_cycles_end() {
        let mut doc = Document::with_version("1.7");
        let kept = doc.add_object(dictionary! { "Type" => "Leaf" });
        // A parent and child pointing at each other, as structure elements do.
        let parent = doc.new_object_id();
        let child = doc.add_object(dictionary! { "P" => parent, "K" => vec![kept.into()] });
        doc.objects
            .insert(parent, Object::Dictionary(dictionary! { "K" => child }));
        let dropped = doc.add_object(Dictionary::new());
        doc.trailer.set("Root", parent);
        unreachable_objects(&mut doc);
        let ids: Vec<ObjectId> = doc.objects.keys().copied().collect();
        assert!(ids.contains(&kept) && ids.contains(&parent) && ids.contains(&child));
        assert!(!ids.contains(&dropped));
    }
}
