//! Total-fit line breaking (Knuth and Plass, "Breaking paragraphs into
//! lines", 1981) over boxes, glue and penalties: the breaks that minimise
//! the paragraph's demerits, not the ones that fill each line in turn.
//! Pure: widths in, break positions out.
//!
//! The paragraph's last line is set with natural spaces, so it needs no
//! stretch and may not shrink. Every other line stretches or shrinks its
//! glue within bounds ([`Params`]); when no set of breaks keeps every line
//! within them, the caller is told so ([`Outcome::Infeasible`]) and sets
//! the paragraph ragged instead of one gappy line in the middle.
//!
//! Cost: each break opportunity is tried against the active nodes, the
//! breaks a line to it could start from; lines are bounded by the width
//! (and a byte count), so normal text keeps a few dozen active. Input
//! that keeps more than [`MAX_ACTIVE`] (thousands of zero-width pieces
//! within one line) is refused ([`Outcome::TooComplex`]) and broken
//! greedily by the caller, keeping the cost linear.

/// One piece of a paragraph.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Item {
    /// Something that is never broken or stretched (a word, a syllable).
    Box {
        /// Natural width.
        width: f64,
        /// Bytes of text, against [`Params::max_bytes`].
        bytes: usize,
    },
    /// A space: a break opportunity when it follows a box, dropped there.
    Glue {
        /// Natural width.
        width: f64,
        /// How much wider it may become at an adjustment ratio of 1.
        stretch: f64,
        /// How much narrower it may become at most.
        shrink: f64,
    },
    /// A break opportunity that is not a space: a hyphenation point, the
    /// place after a hyphen or a slash.
    Penalty {
        /// Width added to the line when it ends here (a hyphen).
        width: f64,
        /// The cost of breaking here, in demerit points (squared).
        cost: f64,
        /// Whether a break here ends the line with a hyphen.
        flagged: bool,
    },
}

/// Demerit weights and bounds, in TeX's units (badness = 100 r³).
#[derive(Debug, Clone, Copy)]
pub(super) struct Params {
    /// The line width.
    pub width: f64,
    /// The most a line's glue stretches: an adjustment ratio (1 = its
    /// full stretch).
    pub max_stretch: f64,
    /// The most bytes of text one line holds.
    pub max_bytes: usize,
}

/// Added to every line's badness before squaring: fewer lines are better.
const LINE_PENALTY: f64 = 10.0;
/// Two hyphenated lines in a row.
const DOUBLE_HYPHEN_DEMERITS: f64 = 10_000.0;
/// The last line but one ending in a hyphen.
const FINAL_HYPHEN_DEMERITS: f64 = 5_000.0;
/// A tight line next to a loose one (fitness classes two apart or more).
const ADJACENT_DEMERITS: f64 = 3_000.0;
/// A last line of one word (or the end of a hyphenated one) under a
/// paragraph of several lines.
const ONE_WORD_LAST_LINE_DEMERITS: f64 = 3_000.0;

/// The most active nodes kept; past this the paragraph is refused.
pub(super) const MAX_ACTIVE: usize = 512;

/// Rounding slack when comparing widths, in points.
const EPSILON: f64 = 0.01;

/// What the breaker found.
#[derive(Debug, PartialEq)]
pub(super) enum Outcome {
    /// Where each line ends: the index of the glue or penalty it breaks
    /// at; the last line ends at `items.len()`.
    Breaks(Vec<usize>),
    /// No breaks keep every line within the bounds.
    Infeasible,
    /// Too many breaks possible within one line to try them all.
    TooComplex,
}

/// A feasible break and the best way found to reach it.
struct Node {
    /// The item the line after this break starts with.
    start: usize,
    /// The item broken at (`None` for the paragraph's start).
    at: Option<usize>,
    fitness: u8,
    flagged: bool,
    demerits: f64,
    previous: Option<usize>,
}

/// Running totals of the items before each index.
#[derive(Clone, Copy, Default)]
struct Totals {
    width: f64,
    stretch: f64,
    shrink: f64,
    bytes: usize,
    glues: usize,
}

impl std::ops::Sub for Totals {
    type Output = Totals;
    fn sub(self, earlier: Totals) -> Totals {
        Totals {
            width: self.width - earlier.width,
            stretch: self.stretch - earlier.stretch,
            shrink: self.shrink - earlier.shrink,
            bytes: self.bytes.saturating_sub(earlier.bytes),
            glues: self.glues.saturating_sub(earlier.glues),
        }
    }
}

fn totals(items: &[Item]) -> Vec<Totals> {
    let mut out = Vec::with_capacity(items.len() + 1);
    let mut sum = Totals::default();
    out.push(sum);
    for item in items {
        match *item {
            Item::Box { width, bytes } => {
                sum.width += width;
                sum.bytes += bytes;
            }
            Item::Glue {
                width,
                stretch,
                shrink,
            } => {
                sum.width += width;
                sum.stretch += stretch;
                sum.shrink += shrink;
                sum.glues += 1;
            }
            Item::Penalty { .. } => {}
        }
        out.push(sum);
    }
    out
}

/// The first box at or after `from` (or the end): where a line starts.
fn next_box(items: &[Item], from: usize) -> usize {
    items
        .get(from..)
        .and_then(|rest| rest.iter().position(|i| matches!(i, Item::Box { .. })))
        .map_or(items.len(), |i| from + i)
}

fn fitness(ratio: f64) -> u8 {
    if ratio < -0.5 {
        0
    } else if ratio <= 0.5 {
        1
    } else if ratio <= 1.0 {
        2
    } else {
        3
    }
}

/// The breaks of least total demerits for `items` set `params.width` wide.
pub(super) fn total_fit(items: &[Item], params: &Params) -> Outcome {
    let sums = totals(items);
    let mut nodes = vec![Node {
        start: next_box(items, 0),
        at: None,
        fitness: 1,
        flagged: false,
        demerits: 0.0,
        previous: None,
    }];
    let mut active: Vec<usize> = vec![0];
    let mut kept: Vec<usize> = Vec::new();
    for at in 0..=items.len() {
        let end = at == items.len();
        let (extra_width, cost, flagged) = match items.get(at) {
            None => (0.0, 0.0, false),
            Some(Item::Glue { .. }) => {
                if !matches!(items.get(at.wrapping_sub(1)), Some(Item::Box { .. })) {
                    continue;
                }
                (0.0, 0.0, false)
            }
            Some(&Item::Penalty {
                width,
                cost,
                flagged,
            }) => (width, cost, flagged),
            Some(Item::Box { .. }) => continue,
        };
        let Some(here) = sums.get(at).copied() else {
            continue;
        };
        // The best way to reach this break, per fitness class.
        let mut best: [Option<(f64, usize, f64)>; 4] = [None; 4];
        kept.clear();
        for &a in &active {
            let Some(node) = nodes.get(a) else { continue };
            if node.start > at || (node.start == at && !end) {
                // Nothing would stand on the line yet.
                kept.push(a);
                continue;
            }
            let Some(line) = sums.get(node.start).map(|&s| here - s) else {
                continue;
            };
            let width = line.width + extra_width;
            let ratio = if line.bytes > params.max_bytes {
                f64::NEG_INFINITY
            } else if end {
                // The last line: natural spaces, never shrunk.
                if width <= params.width + EPSILON {
                    0.0
                } else {
                    f64::NEG_INFINITY
                }
            } else if width < params.width {
                if line.stretch > 0.0 {
                    (params.width - width) / line.stretch
                } else {
                    f64::INFINITY
                }
            } else if width > params.width + EPSILON {
                if line.shrink > 0.0 {
                    (params.width - width) / line.shrink
                } else {
                    f64::NEG_INFINITY
                }
            } else {
                0.0
            };
            if ratio >= -1.0 && !end {
                kept.push(a);
            }
            if !(-1.0..=params.max_stretch).contains(&ratio) {
                continue;
            }
            let badness = 100.0 * ratio.abs().powi(3);
            let mut demerits = (LINE_PENALTY + badness).powi(2);
            if cost > 0.0 {
                demerits += cost * cost;
            } else if cost < 0.0 {
                demerits -= cost * cost;
            }
            if flagged && node.flagged {
                demerits += DOUBLE_HYPHEN_DEMERITS;
            }
            if end && node.flagged {
                demerits += FINAL_HYPHEN_DEMERITS;
            }
            if end && line.glues == 0 && node.at.is_some() {
                demerits += ONE_WORD_LAST_LINE_DEMERITS;
            }
            let class = fitness(ratio);
            if class.abs_diff(node.fitness) > 1 {
                demerits += ADJACENT_DEMERITS;
            }
            let total = node.demerits + demerits;
            let slot = &mut best[usize::from(class)];
            if slot.is_none_or(|(d, _, _)| total < d) {
                *slot = Some((total, a, ratio));
            }
        }
        std::mem::swap(&mut active, &mut kept);
        let start = next_box(items, at + 1);
        for (class, candidate) in best.iter().enumerate() {
            if let Some((demerits, previous, _)) = *candidate {
                nodes.push(Node {
                    start,
                    at: Some(at),
                    fitness: class as u8,
                    flagged,
                    demerits,
                    previous: Some(previous),
                });
                active.push(nodes.len() - 1);
            }
        }
        if end {
            break;
        }
        if active.is_empty() {
            return Outcome::Infeasible;
        }
        if active.len() > MAX_ACTIVE {
            return Outcome::TooComplex;
        }
    }
    // The nodes at the end are the ones just added.
    let last = active
        .iter()
        .copied()
        .filter(|&n| {
            nodes
                .get(n)
                .is_some_and(|node| node.at == Some(items.len()))
        })
        .min_by(|&a, &b| nodes[a].demerits.total_cmp(&nodes[b].demerits));
    let Some(mut cursor) = last else {
        return Outcome::Infeasible;
    };
    let mut breaks = Vec::new();
    while let Some(node) = nodes.get(cursor) {
        let (Some(at), Some(previous)) = (node.at, node.previous) else {
            break;
        };
        breaks.push(at);
        cursor = previous;
    }
    breaks.reverse();
    Outcome::Breaks(breaks)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Words of the given widths with spaces of 3 (stretch 1.5, shrink
    /// 0.75) between them.
    fn words(widths: &[f64]) -> Vec<Item> {
        let mut items = Vec::new();
        for (i, &width) in widths.iter().enumerate() {
            if i > 0 {
                items.push(Item::Glue {
                    width: 3.0,
                    stretch: 1.5,
                    shrink: 0.75,
                });
            }
            items.push(Item::Box { width, bytes: 5 });
        }
        items
    }

    fn params(width: f64) -> Params {
        Params {
            width,
            max_stretch: 2.0,
            max_bytes: 8192,
        }
    }

    fn breaks(outcome: Outcome) -> Vec<usize> {
        match outcome {
            Outcome::Breaks(b) => b,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn one_line_that_fits_is_the_last_line() {
        let items = words(&[10.0, 10.0, 10.0]);
        assert_eq!(breaks(total_fit(&items, &params(100.0))), vec![items.len()]);
    }

    /// `text`'s words as boxes of 5 a letter, spaces of 3.
    fn text(text: &str) -> Vec<Item> {
        let widths: Vec<f64> = text.split(' ').map(|w| 5.0 * w.len() as f64).collect();
        words(&widths)
    }

    /// The adjustment ratio of every line but the last.
    fn ratios(items: &[Item], breaks: &[usize], width: f64) -> Vec<f64> {
        let sums = totals(items);
        let mut start = next_box(items, 0);
        let mut out = Vec::new();
        for &at in &breaks[..breaks.len() - 1] {
            let line = sums[at] - sums[start];
            out.push(if line.width <= width {
                (width - line.width) / line.stretch
            } else {
                (width - line.width) / line.shrink
            });
            start = next_box(items, at + 1);
        }
        out
    }

    /// First fit: each line takes every word that fits at natural width.
    fn greedy(items: &[Item], width: f64) -> Vec<usize> {
        let sums = totals(items);
        let mut breaks = Vec::new();
        let mut start = 0;
        let mut last_glue = None;
        for (i, item) in items.iter().enumerate() {
            if let Item::Glue { .. } = item {
                if (sums[i] - sums[start]).width > width {
                    let at = last_glue.unwrap_or(i);
                    breaks.push(at);
                    start = at + 1;
                }
                last_glue = Some(i);
            }
        }
        if (sums[items.len()] - sums[start]).width > width
            && let Some(at) = last_glue
        {
            breaks.push(at);
        }
        breaks.push(items.len());
        breaks
    }

    const SAMPLE: &str = "The talks resumed in Muscat after a pause of three weeks, with both \
        delegations signalling that the sequencing of sanctions relief remains the central \
        obstacle to any interim arrangement that either side could present at home as a gain";

    #[test]
    fn total_fit_never_sets_a_paragraph_worse_than_greedy_and_often_better() {
        // The sum over lines of (line penalty + badness)², what total fit
        // minimises (besides hyphens and fitness jumps, absent here).
        let cost = |r: Vec<f64>| -> f64 {
            r.into_iter()
                .map(|r| (LINE_PENALTY + 100.0 * r.abs().powi(3)).powi(2))
                .sum()
        };
        let items = text(SAMPLE);
        let mut better = 0;
        for width in (200..500).step_by(10) {
            let width = f64::from(width);
            let Outcome::Breaks(fit) = total_fit(&items, &params(width)) else {
                continue;
            };
            let fit_cost = cost(ratios(&items, &fit, width));
            let greedy_cost = cost(ratios(&items, &greedy(&items, width), width));
            assert!(
                fit_cost <= greedy_cost + 1e-6,
                "{width}: {fit_cost} > {greedy_cost}"
            );
            if fit_cost < greedy_cost {
                better += 1;
            }
        }
        assert!(better >= 3, "better at {better} widths");
    }

    #[test]
    fn lines_shrink_within_bounds_only() {
        // Two words of 50 and a space of 3 (shrink 0.75) in 102.5: shrinks.
        let items = words(&[50.0, 50.0, 10.0]);
        let b = breaks(total_fit(&items, &params(102.5)));
        assert_eq!(b, vec![3, items.len()]);
        // In 101 the space would have to shrink by 2: the only other
        // choice, 50 alone on a line, cannot stretch at all.
        assert_eq!(total_fit(&items, &params(101.0)), Outcome::Infeasible);
    }

    #[test]
    fn a_line_that_must_stretch_too_far_is_infeasible() {
        // "x" then a word that does not fit beside it: the first line
        // would be one 10-wide word stretched to 100.
        let items = words(&[10.0, 95.0]);
        assert_eq!(total_fit(&items, &params(100.0)), Outcome::Infeasible);
    }

    #[test]
    fn a_hyphen_is_taken_when_it_saves_a_loose_line() {
        // 30 30 [hyph] 30: without the hyphen the first line is 30 alone
        // (cannot stretch) or 30 30 30 (too wide); with it, "30 15-" and
        // "15 30" ... each needs a little stretch.
        let mut items = vec![
            Item::Box {
                width: 40.0,
                bytes: 5,
            },
            Item::Glue {
                width: 3.0,
                stretch: 1.5,
                shrink: 0.75,
            },
            Item::Box {
                width: 25.0,
                bytes: 3,
            },
            Item::Penalty {
                width: 3.0,
                cost: 50.0,
                flagged: true,
            },
            Item::Box {
                width: 25.0,
                bytes: 3,
            },
        ];
        items.extend(words(&[0.0, 30.0]).into_iter().skip(1));
        let b = breaks(total_fit(&items, &params(72.0)));
        assert_eq!(b, vec![3, items.len()]);
    }

    #[test]
    fn a_second_hyphen_in_a_row_gives_way_to_a_looser_line() {
        let b = |width| Item::Box { width, bytes: 1 };
        let g = Item::Glue {
            width: 10.0,
            stretch: 22.0,
            shrink: 2.0,
        };
        let hyphen = Item::Penalty {
            width: 0.0,
            cost: 0.0,
            flagged: true,
        };
        // The first line must end at the first hyphen (exactly full). The
        // second is exactly full at the second hyphen too, but a break at
        // the glue before it (stretched by 0.9) costs less than a second
        // hyphenated line in a row.
        let items = [
            b(45.0),
            g,
            b(45.0),
            hyphen,
            b(40.0),
            g,
            b(30.0),
            g,
            b(10.0),
            hyphen,
            b(40.0),
            g,
            b(30.0),
        ];
        assert_eq!(
            total_fit(&items, &params(100.0)),
            Outcome::Breaks(vec![3, 7, items.len()])
        );
        // Without the first hyphen, the second is taken.
        let mut plain = items;
        plain[3] = Item::Penalty {
            width: 0.0,
            cost: 0.0,
            flagged: false,
        };
        assert_eq!(
            total_fit(&plain, &params(100.0)),
            Outcome::Breaks(vec![3, 9, items.len()])
        );
    }

    #[test]
    fn a_one_word_last_line_is_avoided_when_it_can_be() {
        // Fourteen words of 20 and one of 5 fill the first line exactly;
        // the 30 after them would stand alone. Moving the 5 down loosens
        // the first line a little (ratio 0.4) and is preferred.
        let mut widths = vec![20.0; 14];
        widths.extend([5.0, 30.0]);
        let items = words(&widths);
        let fit = breaks(total_fit(&items, &params(327.0)));
        assert_eq!(fit, vec![27, items.len()]);
    }

    #[test]
    fn many_breaks_within_one_line_are_refused_not_tried_quadratically() {
        // Zero-width words between narrow spaces: hundreds of breaks fit
        // on every line.
        let mut items = Vec::new();
        for _ in 0..5_000 {
            items.push(Item::Box {
                width: 0.0,
                bytes: 3,
            });
            items.push(Item::Glue {
                width: 0.2,
                stretch: 0.1,
                shrink: 0.05,
            });
        }
        items.push(Item::Box {
            width: 10.0,
            bytes: 1,
        });
        assert_eq!(total_fit(&items, &params(100.0)), Outcome::TooComplex);
    }

    #[test]
    fn a_long_paragraph_is_broken_in_linear_time() {
        let widths: Vec<f64> = (0..200_000)
            .map(|i| 10.0 + f64::from(i % 7) * 5.0)
            .collect();
        let items = words(&widths);
        let started = std::time::Instant::now();
        let b = breaks(total_fit(&items, &params(300.0)));
        assert!(b.len() > 10_000);
        assert!(started.elapsed().as_secs() < 10, "{:?}", started.elapsed());
    }

    #[test]
    fn the_byte_cap_ends_lines_of_narrow_text() {
        let items = words(&[0.0; 100]);
        let p = Params {
            max_bytes: 50,
            ..params(100.0)
        };
        // 10 words of 5 bytes a line at most; zero width cannot stretch to
        // fill, so only the byte cap and the last line are possible: none.
        assert_eq!(total_fit(&items, &p), Outcome::Infeasible);
    }
}
