//! Every formula of SPEC §4 against numbers worked by hand.

use std::path::PathBuf;
use std::sync::Arc;

use jiff::civil::{Date, date};

use super::*;
use crate::config::{AliasConfig, Config};
use crate::note::body::Body;
use crate::note::frontmatter::{ActorEntry, FrontMatter, ScenarioEntry, SourceEntry, WatchEntry};
use crate::vocab::{Confidence, Likelihood, Marking, Term};

fn config() -> Config {
    let mut config = crate::config::parse(
        std::path::Path::new("brief.yaml"),
        &Arc::from("title: Test\n"),
    )
    .config
    .unwrap();
    config.actors.insert(
        "Iran".into(),
        AliasConfig {
            aliases: vec!["Tehran".into()],
        },
    );
    config.mechanisms.insert(
        "step-for-step bargaining".into(),
        AliasConfig {
            aliases: vec!["reciprocal sequencing".into()],
        },
    );
    config
}

/// A note builder: the fields aggregation reads, the rest defaulted.
struct N(Note);

impl N {
    fn new(path: &str, day: Date) -> N {
        N(Note {
            path: PathBuf::from(path),
            brief: "b".into(),
            front: FrontMatter {
                title: path.into(),
                date: day,
                brief: None,
                author: None,
                confidence: Confidence::Moderate,
                marking: None,
                kind: Default::default(),
                review: None,
                tags: vec![],
                sources: vec![],
                actors: vec![],
                watch: vec![],
                scenarios: vec![],
                judgments: vec![],
            },
            marking: Marking::Clear,
            review: crate::vocab::Review::Approved,
            body: Body::default(),
            text: Arc::from(""),
            spans: Default::default(),
            figures: Vec::new(),
        })
    }
    fn confidence(mut self, c: Confidence) -> N {
        self.0.front.confidence = c;
        self
    }
    fn marking(mut self, m: Marking) -> N {
        self.0.marking = m;
        self
    }
    fn source(mut self, reliability: Option<Reliability>) -> N {
        self.0.front.sources.push(SourceEntry {
            title: format!("source {}", self.0.front.sources.len()),
            url: None,
            reliability,
            credibility: None,
        });
        self
    }
    fn actor(mut self, name: &str, leverage: i8, stakes: u8, mechanism: Option<&str>) -> N {
        self.0.front.actors.push(ActorEntry {
            name: name.into(),
            leverage,
            stakes,
            mechanism: mechanism.map(Into::into),
            rationale: None,
        });
        self
    }
    fn watch(mut self, indicator: &str, due: Option<Date>, status: Status) -> N {
        self.0.front.watch.push(WatchEntry {
            indicator: indicator.into(),
            due,
            status,
            supports: vec![],
            undermines: vec![],
        });
        self
    }
    fn scenario(mut self, name: &str, likelihood: &str) -> N {
        self.0.front.scenarios.push(ScenarioEntry {
            name: name.into(),
            likelihood: Likelihood::parse(likelihood).unwrap(),
        });
        self
    }
}

impl N {
    fn tied(
        mut self,
        indicator: &str,
        status: Status,
        supports: &[&str],
        undermines: &[&str],
    ) -> N {
        self.0.front.watch.push(WatchEntry {
            indicator: indicator.into(),
            due: None,
            status,
            supports: supports.iter().map(|s| (*s).into()).collect(),
            undermines: undermines.iter().map(|s| (*s).into()).collect(),
        });
        self
    }
    fn judgments(mut self, texts: &[&str]) -> N {
        self.0.front.kind = crate::vocab::NoteKind::Judgments;
        self.0.front.judgments = texts
            .iter()
            .map(|t| crate::note::frontmatter::JudgmentEntry {
                text: (*t).into(),
                confidence: None,
                likelihood: Some(Likelihood::parse("likely").unwrap()),
            })
            .collect();
        self
    }
    fn draft(mut self) -> N {
        self.0.review = crate::vocab::Review::Draft;
        self
    }
}

fn run(notes: Vec<N>, as_of: Option<Date>) -> Aggregated {
    let notes: Vec<Note> = notes.into_iter().map(|n| n.0).collect();
    let refs: Vec<&Note> = notes.iter().collect();
    aggregate("b", &refs, &config(), as_of).expect("notes left")
}

const AS_OF: Date = date(2026, 11, 20);

#[test]
fn weight_multiplies_confidence_reliability_and_decay() {
    let fresh = N::new("a.md", AS_OF).source(Some(Reliability::B)).0;
    assert!((weight(&fresh, AS_OF, 30) - 0.9).abs() < 1e-12);
    // 30 days at a 30-day half-life halves it; no graded source gives r = 0.5.
    let old = N::new("b.md", date(2026, 10, 21))
        .confidence(Confidence::High)
        .0;
    assert!((weight(&old, AS_OF, 30) - 1.5 * 0.5 * 0.5).abs() < 1e-12);
    // The best source counts, and F ("cannot be judged") beats E ("unreliable").
    let e_and_f = N::new("c.md", AS_OF)
        .confidence(Confidence::Low)
        .source(Some(Reliability::E))
        .source(Some(Reliability::F))
        .source(None)
        .0;
    assert!((weight(&e_and_f, AS_OF, 30) - 0.5 * 0.5).abs() < 1e-12);
    let only_e = N::new("d.md", AS_OF).source(Some(Reliability::E)).0;
    assert!((weight(&only_e, AS_OF, 30) - 0.25).abs() < 1e-12);
    // 15 days at a 30-day half-life: 2^-0.5.
    let half = N::new("e.md", date(2026, 11, 5))
        .source(Some(Reliability::A))
        .0;
    assert!((weight(&half, AS_OF, 30) - 0.5_f64.sqrt()).abs() < 1e-12);
}

#[test]
fn rounding_is_half_away_from_zero_at_the_third_decimal() {
    assert_eq!(round2(1.005), 1.01);
    assert_eq!(round2(-1.005), -1.01);
    assert_eq!(round2(2.675), 2.68);
    assert_eq!(round2(1.004_999), 1.0);
    assert_eq!(round2(0.004), 0.0);
    assert_eq!(round2(-0.004).to_string(), "0");
    assert_eq!(round2(f64::NAN), 0.0);
}

#[test]
fn leverage_and_stakes_are_weighted_means_across_aliases() {
    // Iran: w=0.9 scores 3/5; "Tehran" 30 days older, w=0.375, scores -1/4.
    // leverage = (0.9·3 − 0.375)/1.275 = 1.8235… → 1.82
    // stakes   = (0.9·5 + 0.375·4)/1.275 = 4.7058… → 4.71
    let aggregated = run(
        vec![
            N::new("a.md", AS_OF)
                .source(Some(Reliability::B))
                .actor("Iran", 3, 5, None),
            N::new("b.md", date(2026, 10, 21))
                .confidence(Confidence::High)
                .actor("tehran", -1, 4, None),
        ],
        None,
    );
    let actors = &aggregated.brief.actors;
    assert_eq!(actors.len(), 1);
    let iran = &actors[0];
    assert_eq!(iran.name, "Iran");
    assert_eq!(iran.leverage, 1.82);
    assert_eq!(iran.stakes, 4.71);
    assert_eq!(iran.range, 4);
    assert!(iran.contested);
    assert_eq!(iran.trend, Trend::Up);
    assert_eq!(iran.notes, 2);
}

#[test]
fn unknown_actors_take_the_first_spelling_in_path_order() {
    let aggregated = run(
        vec![
            N::new("b.md", AS_OF).actor("qatar", 1, 1, None),
            N::new("a.md", date(2026, 11, 1)).actor("  Qatar ", 1, 1, None),
        ],
        None,
    );
    assert_eq!(aggregated.brief.actors[0].name, "Qatar");
    assert_eq!(aggregated.brief.actors[0].notes, 2);
}

#[test]
fn trend_compares_recent_and_older_notes() {
    // Recent mean 2, older mean 1.5 (equal weights): +0.5 is not > 0.5 → flat.
    let flat = run(
        vec![
            N::new("a.md", AS_OF).actor("X", 2, 1, None),
            N::new("b.md", date(2026, 11, 6)).actor("X", 1, 1, None),
            N::new("c.md", date(2026, 11, 6)).actor("X", 2, 1, None),
        ],
        None,
    );
    assert_eq!(flat.brief.actors[0].trend, Trend::Flat);
    // Age 13 is recent, age 14 is older.
    let down = run(
        vec![
            N::new("a.md", date(2026, 11, 7)).actor("X", -2, 1, None),
            N::new("b.md", date(2026, 11, 6)).actor("X", 1, 1, None),
        ],
        Some(AS_OF),
    );
    assert_eq!(down.brief.actors[0].trend, Trend::Down);
    let only_recent = run(vec![N::new("a.md", AS_OF).actor("X", 2, 1, None)], None);
    assert_eq!(only_recent.brief.actors[0].trend, Trend::New);
    let only_old = run(
        vec![N::new("a.md", date(2026, 10, 1)).actor("X", 2, 1, None)],
        Some(AS_OF),
    );
    assert_eq!(only_old.brief.actors[0].trend, Trend::Flat);
}

#[test]
fn actors_rank_by_rounded_leverage_then_stakes_then_name() {
    let aggregated = run(
        vec![
            N::new("a.md", AS_OF)
                .actor("b", 2, 3, None)
                .actor("a", 2, 3, None)
                .actor("c", 2, 4, None)
                .actor("d", 3, 0, None)
                .actor("É", 2, 3, None),
        ],
        None,
    );
    let order: Vec<&str> = aggregated
        .brief
        .actors
        .iter()
        .map(|a| a.name.as_str())
        .collect();
    assert_eq!(order, ["d", "c", "a", "b", "É"]);
}

#[test]
fn contested_needs_the_configured_range() {
    let aggregated = run(
        vec![
            N::new("a.md", AS_OF)
                .actor("X", 2, 1, None)
                .actor("Y", 1, 1, None),
            N::new("b.md", AS_OF)
                .actor("X", -1, 1, None)
                .actor("Y", -1, 1, None),
        ],
        None,
    );
    let x = aggregated
        .brief
        .actors
        .iter()
        .find(|a| a.name == "X")
        .unwrap();
    let y = aggregated
        .brief
        .actors
        .iter()
        .find(|a| a.name == "Y")
        .unwrap();
    assert!(x.contested && x.range == 3);
    assert!(!y.contested && y.range == 2);
}

#[test]
fn mechanisms_sum_weights_over_actor_pairs_with_aliases() {
    // Note a (w=1): two actors name it; note b (w=0.5·… low=0.5 → 0.25): one via alias.
    let aggregated = run(
        vec![
            N::new("a.md", AS_OF)
                .source(Some(Reliability::A))
                .actor("Iran", 1, 1, Some("step-for-step bargaining"))
                .actor("United States", 1, 1, Some("Step-for-step  bargaining"))
                .actor("Qatar", 1, 1, Some("mediation")),
            N::new("b.md", AS_OF).confidence(Confidence::Low).actor(
                "Oman",
                1,
                1,
                Some("reciprocal sequencing"),
            ),
        ],
        None,
    );
    let mechanisms = &aggregated.brief.mechanisms;
    assert_eq!(mechanisms[0].name, "step-for-step bargaining");
    assert_eq!(mechanisms[0].weight, 2.25);
    assert_eq!(mechanisms[0].actors, ["Iran", "Oman", "United States"]);
    assert_eq!(mechanisms[1].name, "mediation");
    assert_eq!(mechanisms[1].weight, 1.0);
    assert_eq!(
        aggregated
            .brief
            .bottom_line
            .dominant_mechanism
            .as_ref()
            .unwrap()
            .name,
        "step-for-step bargaining"
    );
}

#[test]
fn watch_items_merge_on_normalised_text() {
    let aggregated = run(
        vec![
            N::new("a.md", AS_OF)
                .watch(
                    "Frozen funds transferred",
                    Some(date(2026, 12, 15)),
                    Status::Open,
                )
                .watch("Inspectors return", Some(date(2026, 11, 15)), Status::Open)
                .watch("Talks resume", None, Status::Open)
                .watch("Tanker released", None, Status::Lapsed),
            N::new("b.md", date(2026, 11, 10))
                .watch(
                    "frozen funds — transferred!",
                    Some(date(2026, 12, 1)),
                    Status::Open,
                )
                .watch("Tanker: released.", None, Status::Observed)
                .watch("Premiums fall", Some(date(2026, 12, 1)), Status::Lapsed),
        ],
        None,
    );
    let watch = &aggregated.brief.watch;
    let order: Vec<&str> = watch.iter().map(|w| w.indicator.as_str()).collect();
    assert_eq!(
        order,
        [
            "Inspectors return",
            "Frozen funds transferred",
            "Talks resume",
            "Tanker released",
            "Premiums fall"
        ]
    );
    assert!(watch[0].overdue, "open and due before as-of");
    assert_eq!(watch[1].due, Some(date(2026, 12, 1)), "earliest due wins");
    assert_eq!(watch[1].notes, 2);
    assert!(!watch[1].overdue);
    assert_eq!(watch[3].status, Status::Observed, "observed beats lapsed");
    assert_eq!(watch[4].status, Status::Lapsed);
    assert!(!watch[4].overdue, "only open items are overdue");
    let next = aggregated.brief.bottom_line.next_due.as_ref().unwrap();
    assert_eq!(
        (next.indicator.as_str(), next.overdue),
        ("Inspectors return", true),
        "an open item past its date is named, as overdue, before a later one"
    );
}

#[test]
fn watch_key_lowercases_and_collapses_punctuation() {
    assert_eq!(
        watch_key("  IAEA inspectors: return to Fordow?"),
        "iaea inspectors return to fordow"
    );
    assert_eq!(watch_key("war-risk premium < 0.5%"), "war risk premium 0 5");
}

#[test]
fn as_of_defaults_to_the_newest_note_and_later_notes_warn() {
    let aggregated = run(
        vec![
            N::new("a.md", date(2026, 11, 1)).actor("X", 1, 1, None),
            N::new("b.md", date(2026, 11, 25)).actor("Y", 1, 1, None),
        ],
        Some(AS_OF),
    );
    assert_eq!(aggregated.brief.as_of, AS_OF);
    assert_eq!(aggregated.brief.notes.len(), 1);
    assert_eq!(aggregated.diagnostics.len(), 1);
    assert_eq!(aggregated.diagnostics[0].code, Code::AfterAsOf);
    let newest = run(
        vec![N::new("a.md", date(2026, 11, 1)), N::new("b.md", AS_OF)],
        None,
    );
    assert_eq!(newest.brief.as_of, AS_OF);
}

#[test]
fn marking_is_the_highest_included() {
    let aggregated = run(
        vec![
            N::new("a.md", AS_OF).marking(Marking::Green),
            N::new("b.md", AS_OF).marking(Marking::AmberStrict),
            N::new("c.md", AS_OF),
        ],
        None,
    );
    assert_eq!(aggregated.brief.marking, Marking::AmberStrict);
}

#[test]
fn bottom_line_names_gainer_stakes_and_skips_losers() {
    let aggregated = run(
        vec![
            N::new("a.md", AS_OF)
                .actor("A", -1, 5, None)
                .actor("B", -2, 5, None),
        ],
        None,
    );
    let bottom = &aggregated.brief.bottom_line;
    assert!(bottom.top_gainer.is_none(), "nobody gains leverage");
    assert_eq!(
        bottom.highest_stakes.as_ref().unwrap().name,
        "A",
        "rank breaks the tie"
    );
    assert!(bottom.next_due.is_none());
}

#[test]
fn scenarios_keep_the_latest_estimate() {
    let aggregated = run(
        vec![
            N::new("a.md", date(2026, 11, 1)).scenario("Ceasefire holds", "likely"),
            N::new("b.md", AS_OF)
                .scenario("ceasefire holds.", "65%")
                .scenario("Talks collapse", "unlikely"),
        ],
        None,
    );
    let scenarios = &aggregated.brief.scenarios;
    assert_eq!(scenarios[0].name, "ceasefire holds.");
    assert_eq!(scenarios[0].percent, [65.0, 65.0]);
    assert_eq!(scenarios[0].likelihood, Term::Likely);
    assert_eq!(scenarios[0].estimates, 2);
    assert_eq!(scenarios[1].percent, [20.0, 45.0]);
}

#[test]
fn no_notes_means_no_brief() {
    assert!(aggregate("b", &[], &config(), None).is_none());
    let later = N::new("a.md", date(2026, 12, 1)).0;
    assert!(aggregate("b", &[&later], &config(), Some(AS_OF)).is_none());
}

mod properties {
    //! Invariants that must hold for any set of notes.

    use proptest::prelude::*;

    use super::*;

    const NAMES: [&str; 5] = ["Iran", "tehran", "United States", "Qatar", "Oman"];

    #[derive(Debug, Clone)]
    struct Spec {
        day: u8,
        confidence: u8,
        reliability: Option<u8>,
        actors: Vec<(usize, i8, u8)>,
        watch: Vec<(u8, Option<u8>, u8)>,
    }

    fn spec() -> impl Strategy<Value = Spec> {
        (
            0u8..90,
            0u8..3,
            proptest::option::of(0u8..6),
            proptest::collection::vec((0usize..NAMES.len(), -5i8..=5, 0u8..=5), 0..4),
            proptest::collection::vec((0u8..4, proptest::option::of(0u8..60), 0u8..3), 0..3),
        )
            .prop_map(|(day, confidence, reliability, actors, watch)| Spec {
                day,
                confidence,
                reliability,
                actors,
                watch,
            })
    }

    fn build(index: usize, spec: &Spec, path: &str) -> Note {
        let day = AS_OF - jiff::Span::new().days(i64::from(spec.day));
        let confidence =
            [Confidence::Low, Confidence::Moderate, Confidence::High][spec.confidence as usize];
        let mut n = N::new(path, day).confidence(confidence);
        if let Some(r) = spec.reliability {
            n = n.source(Some(
                [
                    Reliability::A,
                    Reliability::B,
                    Reliability::C,
                    Reliability::D,
                    Reliability::E,
                    Reliability::F,
                ][r as usize],
            ));
        }
        let mut seen = Vec::new();
        for (name, leverage, stakes) in &spec.actors {
            // "Iran" and "tehran" are one actor: a note scores it once.
            let identity = if *name <= 1 { 0 } else { *name };
            if seen.contains(&identity) {
                continue;
            }
            seen.push(identity);
            n = n.actor(NAMES[*name], *leverage, *stakes, Some("mediation"));
        }
        for (text, due, status) in &spec.watch {
            let indicator = [
                "Funds moved",
                "funds  MOVED!",
                "Talks resume",
                "Strait reopens",
            ][*text as usize];
            let due = due.map(|d| AS_OF + jiff::Span::new().days(i64::from(d) - 30));
            let status = [Status::Open, Status::Observed, Status::Lapsed][*status as usize];
            n = n.watch(indicator, due, status);
        }
        n.0.front.title = format!("note {index} at {path}");
        n.0
    }

    fn aggregate_specs(specs: &[Spec], paths: &[String]) -> Option<Brief> {
        let notes: Vec<Note> = specs
            .iter()
            .zip(paths)
            .map(|(s, p)| build(0, s, p))
            .collect();
        let refs: Vec<&Note> = notes.iter().collect();
        aggregate("b", &refs, &config(), Some(AS_OF)).map(|a| a.brief)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// The order notes arrive in changes nothing.
        #[test]
        fn note_order_is_irrelevant(specs in proptest::collection::vec(spec(), 1..8), seed in any::<u64>()) {
            let paths: Vec<String> = (0..specs.len()).map(|i| format!("briefs/b/{i:02}.md")).collect();
            let mut order: Vec<usize> = (0..specs.len()).collect();
            // A deterministic shuffle from the seed.
            let mut state = seed;
            for i in (1..order.len()).rev() {
                state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                order.swap(i, (state >> 33) as usize % (i + 1));
            }
            let shuffled_specs: Vec<Spec> = order.iter().map(|&i| specs[i].clone()).collect();
            let shuffled_paths: Vec<String> = order.iter().map(|&i| paths[i].clone()).collect();
            prop_assert_eq!(aggregate_specs(&specs, &paths), aggregate_specs(&shuffled_specs, &shuffled_paths));
        }

        /// Renaming files keeps every figure (only spellings chosen by path order may change).
        #[test]
        fn renaming_files_keeps_the_figures(specs in proptest::collection::vec(spec(), 1..8)) {
            let paths: Vec<String> = (0..specs.len()).map(|i| format!("briefs/b/{i:02}.md")).collect();
            let renamed: Vec<String> = (0..specs.len()).map(|i| format!("briefs/b/x-{i:02}.md")).collect();
            let a = aggregate_specs(&specs, &paths);
            let b = aggregate_specs(&specs, &renamed);
            let figures = |brief: &Option<Brief>| brief.as_ref().map(|b| {
                b.actors.iter().map(|a| (a.name.clone(), a.leverage, a.stakes, a.range, a.trend)).collect::<Vec<_>>()
            });
            prop_assert_eq!(figures(&a), figures(&b));
        }

        /// A weighted mean never leaves the range of the scores it averages,
        /// and aliases of one actor always merge.
        #[test]
        fn leverage_stays_within_its_scores(specs in proptest::collection::vec(spec(), 1..8)) {
            let paths: Vec<String> = (0..specs.len()).map(|i| format!("briefs/b/{i:02}.md")).collect();
            let Some(brief) = aggregate_specs(&specs, &paths) else { return Ok(()); };
            let notes: Vec<Note> = specs.iter().zip(&paths).enumerate().map(|(i, (s, p))| build(i, s, p)).collect();
            prop_assert!(brief.actors.iter().filter(|a| a.name.eq_ignore_ascii_case("tehran")).count() == 0);
            for actor in &brief.actors {
                let scores: Vec<i8> = notes
                    .iter()
                    .flat_map(|n| n.front.actors.iter())
                    .filter(|a| config().actor_aliases().key(&a.name) == config().actor_aliases().key(&actor.name))
                    .map(|a| a.leverage)
                    .collect();
                let min = f64::from(*scores.iter().min().unwrap());
                let max = f64::from(*scores.iter().max().unwrap());
                prop_assert!(actor.leverage >= min - 0.005 && actor.leverage <= max + 0.005,
                    "{} leverage {} outside {min}..{max}", actor.name, actor.leverage);
                prop_assert_eq!(actor.notes, scores.len());
                prop_assert_eq!(f64::from(actor.range), max - min);
            }
            // Ranking is sorted.
            for pair in brief.actors.windows(2) {
                prop_assert!(pair[0].leverage >= pair[1].leverage);
            }
        }
    }
}

#[test]
fn a_scenarios_evidence_counts_each_tied_indicator_once_at_its_merged_status() {
    let day = date(2026, 11, 10);
    let brief = run(
        vec![
            N::new("a.md", day)
                .scenario("Talks collapse", "unlikely")
                .tied("Envoy recalled", Status::Open, &["Talks collapse"], &[])
                .tied("Second round", Status::Open, &[], &["talks collapse"]),
            // Observed in a later note: observed wins, and it is counted once.
            N::new("b.md", AS_OF)
                .tied(
                    "envoy recalled!",
                    Status::Observed,
                    &["Talks collapse"],
                    &[],
                )
                .tied(
                    "Embassy staff leave",
                    Status::Lapsed,
                    &["Talks collapse"],
                    &[],
                ),
        ],
        None,
    )
    .brief;
    let scenario = &brief.scenarios[0];
    assert_eq!(
        scenario.evidence.supports,
        crate::model::StatusCount {
            observed: 1,
            open: 0,
            lapsed: 1
        }
    );
    assert_eq!(
        scenario.evidence.undermines,
        crate::model::StatusCount {
            observed: 0,
            open: 1,
            lapsed: 0
        }
    );
    let names: Vec<&str> = scenario
        .indicators
        .iter()
        .map(|i| i.indicator.as_str())
        .collect();
    assert_eq!(
        names,
        ["Second round", "Envoy recalled", "Embassy staff leave"],
        "watch order: open, observed, lapsed"
    );
    assert_eq!(scenario.against_evidence, None, "one observed is not three");
}

#[test]
fn three_observed_supporting_indicators_run_against_an_unlikely_estimate() {
    let mut note = N::new("a.md", AS_OF).scenario("Talks collapse", "very unlikely");
    for indicator in ["Envoy recalled", "Embassy staff leave", "Strikes resume"] {
        note = note.tied(indicator, Status::Observed, &["Talks collapse"], &[]);
    }
    let brief = run(vec![note], None).brief;
    assert_eq!(
        brief.scenarios[0].against_evidence,
        Some(crate::vocab::Relation::Supports)
    );
}

#[test]
fn key_judgments_are_the_newest_on_or_before_the_as_of_date_and_count_as_no_note() {
    let brief = run(
        vec![
            N::new("a.md", date(2026, 11, 15)).actor("Iran", 2, 3, None),
            N::new("j-old.md", date(2026, 11, 1)).judgments(&["Old view"]),
            N::new("j-new.md", date(2026, 11, 18))
                .judgments(&["Current view"])
                .draft(),
            N::new("j-late.md", date(2026, 11, 25)).judgments(&["After the as-of date"]),
        ],
        Some(AS_OF),
    )
    .brief;
    let judgments = brief.judgments.as_ref().expect("judgments");
    assert_eq!(judgments.items[0].text, "Current view");
    assert_eq!(
        judgments.items[0].confidence,
        Confidence::Moderate,
        "the note's"
    );
    assert_eq!(judgments.items[0].percent, Some([55.0, 80.0]));
    assert_eq!(brief.note_count(), 1, "judgments are not notes");
    assert_eq!(brief.actors[0].notes, 1);
    assert_eq!(brief.drafts, 1, "the shown judgments are a draft");
    assert!(brief.is_draft());
}

#[test]
fn the_source_summary_counts_distinct_sources_by_grade_and_notes_without_any() {
    let brief = run(
        vec![
            N::new("a.md", AS_OF)
                .source(Some(Reliability::A))
                .source(Some(Reliability::C))
                .source(None)
                .source(Some(Reliability::F)),
            // The same untitled-URL source as a.md's first ("source 0"):
            // counted once, at the grade it is listed with.
            N::new("b.md", AS_OF).source(Some(Reliability::E)),
            N::new("c.md", AS_OF),
        ],
        None,
    )
    .brief;
    assert_eq!(
        brief.source_summary,
        crate::model::SourceSummary {
            notes: 3,
            sources: 4,
            graded_a_b: 1,
            graded_c: 1,
            graded_d_f: 1,
            ungraded: 1,
            notes_without_sources: 1,
        }
    );
}
