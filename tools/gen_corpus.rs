//! Deterministic corpus generator for benchmarking `brief check`.
//!
//! ```sh
//! cargo run --release --example gen-corpus -- --notes 1000 --briefs 10 --out /tmp/corpus [--seed 42]
//! ```
//!
//! Writes a complete workspace: `DIR/brief.yaml` (actors and mechanisms with
//! aliases, one entry per brief, three packets) and
//! `DIR/briefs/<brief>/<date>-<slug>.md`, every note valid per SPEC §2. The
//! same arguments always give byte-identical files: all randomness comes from
//! a hand-written splitmix64 generator seeded from `--seed`, and nothing
//! iterates a hash map.
//!
//! To be safe to re-run, the tool only writes into a folder that does not
//! exist, is empty, or holds a corpus it generated before (marked by
//! `.gen-corpus`); in the last case it replaces that corpus's `briefs/`.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Marks a folder as written by this tool, so re-runs may replace it.
const MARKER: &str = ".gen-corpus";

/// The newest date in the corpus; notes spread over `--span-days` before it
/// (`SPREAD_DAYS` by default).
const END_DATE: (i64, i64, i64) = (2026, 11, 20);
const SPREAD_DAYS: i64 = 120;

const USAGE: &str = "usage: gen-corpus --notes N --briefs B --out DIR [--seed S] [--span-days D (default 120)] [--tradecraft-warnings]";

fn main() -> ExitCode {
    let args = match Args::parse(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(message) => {
            eprintln!("gen-corpus: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match generate(&args) {
        Ok(()) => {
            println!(
                "wrote {} notes in {} briefs to {}",
                args.notes,
                args.briefs,
                args.out.display()
            );
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("gen-corpus: {message}");
            ExitCode::from(1)
        }
    }
}

struct Args {
    notes: usize,
    briefs: usize,
    out: PathBuf,
    seed: u64,
    /// How many days the notes' dates spread over, ending at `END_DATE`.
    span_days: i64,
    /// Write notes that raise tradecraft warnings (strong scores without a
    /// rationale, watch items without `due:`, estimates that jump or sum
    /// over 100%, high confidence on weak sources), as hurried analysts
    /// do; by default every note is clean, so `check` measures checking
    /// rather than printing thousands of warnings.
    tradecraft_warnings: bool,
}

impl Args {
    fn parse(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
        let (mut notes, mut briefs, mut out, mut seed) = (None, None, None, 42);
        let mut span_days = SPREAD_DAYS;
        let mut tradecraft_warnings = false;
        while let Some(flag) = args.next() {
            let mut value = || args.next().ok_or_else(|| format!("`{flag}` needs a value"));
            match flag.as_str() {
                "--notes" => notes = Some(number(&value()?)?),
                "--briefs" => briefs = Some(number(&value()?)?),
                "--out" => out = Some(PathBuf::from(value()?)),
                "--seed" => seed = number(&value()?)? as u64,
                "--span-days" => span_days = number(&value()?)?.clamp(1, 36_500) as i64,
                "--tradecraft-warnings" => tradecraft_warnings = true,
                "-h" | "--help" => return Err("help".to_owned()),
                other => return Err(format!("unknown argument `{other}`")),
            }
        }
        let notes = notes.ok_or("missing --notes")?;
        let briefs = briefs.ok_or("missing --briefs")?;
        if briefs == 0 || notes < briefs {
            return Err("need at least one brief and at least one note per brief".to_owned());
        }
        Ok(Args {
            notes,
            briefs,
            out: out.ok_or("missing --out")?,
            seed,
            span_days,
            tradecraft_warnings,
        })
    }
}

fn number(text: &str) -> Result<usize, String> {
    text.parse()
        .map_err(|_| format!("`{text}` is not a whole number"))
}

// ---------------------------------------------------------------------------
// Randomness: splitmix64, small and fully specified.

struct Rng(u64);

impl Rng {
    /// An independent stream for item `index` of the stream `seed`.
    fn derive(seed: u64, index: u64) -> Rng {
        let mut mixer = Rng(seed ^ index.wrapping_mul(0xA076_1D64_78BD_642F));
        Rng(mixer.next_u64())
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`; the modulo bias is irrelevant here).
    fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next_u64() % (hi - lo + 1) as u64) as i64
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// An index drawn with the given weights.
    fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u32 = weights.iter().sum();
        let mut roll = self.below(total as usize) as u32;
        for (index, &weight) in weights.iter().enumerate() {
            if roll < weight {
                return index;
            }
            roll -= weight;
        }
        weights.len() - 1
    }

    /// `k` distinct indices out of `0..n`, in draw order.
    fn distinct(&mut self, n: usize, k: usize) -> Vec<usize> {
        let mut all: Vec<usize> = (0..n).collect();
        for i in 0..k.min(n) {
            let j = i + self.below(n - i);
            all.swap(i, j);
        }
        all.truncate(k.min(n));
        all
    }
}

// ---------------------------------------------------------------------------
// Dates, without a calendar library: days since 1970-01-01 (Hinnant's
// algorithms).

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn iso(day: i64) -> String {
    let (y, m, d) = civil_from_days(day);
    format!("{y:04}-{m:02}-{d:02}")
}

/// "12 Oct", as analysts write dates in tables.
fn short_date(day: i64) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let (_, m, d) = civil_from_days(day);
    format!("{d} {}", MONTHS[(m - 1) as usize])
}

// ---------------------------------------------------------------------------
// Vocabulary.

struct Actor {
    name: &'static str,
    aliases: &'static [&'static str],
    /// Whether brief.yaml lists it (others resolve by first spelling met).
    listed: bool,
}

const ACTORS: &[Actor] = &[
    Actor {
        name: "United States",
        aliases: &["U.S.", "US", "Washington"],
        listed: true,
    },
    Actor {
        name: "Iran",
        aliases: &["Tehran", "Islamic Republic"],
        listed: true,
    },
    Actor {
        name: "IRGC",
        aliases: &["Revolutionary Guard", "IRGC Navy", "Sepah"],
        listed: true,
    },
    Actor {
        name: "Qatar",
        aliases: &["Doha"],
        listed: true,
    },
    Actor {
        name: "Oman",
        aliases: &["Muscat"],
        listed: true,
    },
    Actor {
        name: "Israel",
        aliases: &["Israeli government", "Jerusalem"],
        listed: true,
    },
    Actor {
        name: "Saudi Arabia",
        aliases: &["Riyadh", "KSA"],
        listed: true,
    },
    Actor {
        name: "United Arab Emirates",
        aliases: &["UAE", "Abu Dhabi"],
        listed: true,
    },
    Actor {
        name: "United Kingdom",
        aliases: &["UK", "U.K."],
        listed: true,
    },
    Actor {
        name: "China",
        aliases: &["Beijing", "PRC"],
        listed: true,
    },
    Actor {
        name: "Russia",
        aliases: &["Moscow", "Kremlin"],
        listed: true,
    },
    Actor {
        name: "European Union",
        aliases: &["EU", "Brussels"],
        listed: true,
    },
    Actor {
        name: "Houthis",
        aliases: &["Ansar Allah", "Sanaa authorities"],
        listed: true,
    },
    Actor {
        name: "Iraq",
        aliases: &["Baghdad"],
        listed: true,
    },
    Actor {
        name: "IAEA",
        aliases: &["International Atomic Energy Agency", "Vienna agency"],
        listed: true,
    },
    Actor {
        name: "War-risk underwriters",
        aliases: &["Lloyd's market", "Underwriters"],
        listed: true,
    },
    Actor {
        name: "Shipowners",
        aliases: &["Tanker operators", "Shipping companies"],
        listed: true,
    },
    Actor {
        name: "India",
        aliases: &["New Delhi"],
        listed: true,
    },
    Actor {
        name: "Kuwait",
        aliases: &["Kuwait City"],
        listed: true,
    },
    Actor {
        name: "Bahrain",
        aliases: &["Manama"],
        listed: true,
    },
    Actor {
        name: "Kataib Hezbollah",
        aliases: &[],
        listed: false,
    },
    Actor {
        name: "E3",
        aliases: &[],
        listed: false,
    },
    Actor {
        name: "Lebanese Hezbollah",
        aliases: &[],
        listed: false,
    },
];

struct Mechanism {
    name: &'static str,
    aliases: &'static [&'static str],
}

const MECHANISMS: &[Mechanism] = &[
    Mechanism {
        name: "step-for-step bargaining",
        aliases: &["transactional bargaining", "reciprocal sequencing"],
    },
    Mechanism {
        name: "mediated back-channel",
        aliases: &["back-channel mediation", "third-party mediation"],
    },
    Mechanism {
        name: "coercive signalling",
        aliases: &["coercive signaling", "brinkmanship"],
    },
    Mechanism {
        name: "maritime deterrence",
        aliases: &["naval escorts", "escort deterrence"],
    },
    Mechanism {
        name: "risk repricing",
        aliases: &["war-risk repricing", "insurance repricing"],
    },
    Mechanism {
        name: "detainee leverage",
        aliases: &["hostage diplomacy"],
    },
    Mechanism {
        name: "spoiler pressure",
        aliases: &["spoiler politics", "veto politics"],
    },
    Mechanism {
        name: "sanctions enforcement",
        aliases: &["secondary sanctions", "designation pressure"],
    },
    Mechanism {
        name: "energy supply leverage",
        aliases: &["spare-capacity diplomacy", "oil supply leverage"],
    },
    Mechanism {
        name: "proxy escalation",
        aliases: &["proxy pressure"],
    },
    Mechanism {
        name: "security assurances",
        aliases: &["alliance reassurance"],
    },
];

struct Theme {
    slug: &'static str,
    title: &'static str,
    summary: &'static str,
    /// Indices into `ACTORS` that this brief's notes name most often.
    core: &'static [usize],
}

const THEMES: &[Theme] = &[
    Theme {
        slug: "us-iran-talks",
        title: "U.S.–Iran ceasefire talks",
        summary: "Indirect talks hosted by Qatar, with an Omani side channel, on keeping the pause in strikes in place and on what can be traded beyond it.",
        core: &[0, 1, 3, 4, 5],
    },
    Theme {
        slug: "hormuz-shipping",
        title: "Strait of Hormuz shipping",
        summary: "Commercial traffic through the strait: seizures and harassment, war-risk insurance, naval escorts and transit volumes.",
        core: &[2, 15, 16, 8, 0],
    },
    Theme {
        slug: "red-sea-transits",
        title: "Red Sea and Bab el-Mandeb transits",
        summary: "Attacks on shipping from Yemen, rerouting around the Cape and the escort missions meant to bring traffic back.",
        core: &[12, 16, 15, 11, 0],
    },
    Theme {
        slug: "iaea-access",
        title: "IAEA access and the enrichment file",
        summary: "Inspector access, declared stockpiles and the enrichment ceiling under discussion.",
        core: &[14, 1, 21, 0, 10],
    },
    Theme {
        slug: "gulf-air-defence",
        title: "Gulf air and missile defence",
        summary: "Integrated air defence among Gulf states, U.S. deployments and the drone threat to energy sites.",
        core: &[0, 6, 7, 19, 1],
    },
    Theme {
        slug: "iraq-militias",
        title: "Iraqi militias and U.S. forces",
        summary: "Rocket and drone fire on bases hosting U.S. troops and Baghdad's attempts to restrain the groups responsible.",
        core: &[13, 20, 0, 2, 1],
    },
    Theme {
        slug: "saudi-iran-detente",
        title: "Saudi–Iranian détente",
        summary: "Whether the China-brokered normalisation survives the crisis, and what each side wants from it.",
        core: &[6, 1, 9, 4, 3],
    },
    Theme {
        slug: "lng-exports",
        title: "Qatari LNG exports",
        summary: "LNG loadings at Ras Laffan, long-term contracts with Asian and European buyers, and exposure to the strait.",
        core: &[3, 9, 11, 17, 16],
    },
    Theme {
        slug: "sanctions-enforcement",
        title: "Sanctions enforcement on Iranian oil",
        summary: "Designations, ship-to-ship transfers and the buyers who keep Iranian crude moving.",
        core: &[0, 1, 9, 17, 11],
    },
    Theme {
        slug: "detainee-diplomacy",
        title: "Detainee diplomacy",
        summary: "Dual nationals held in Iran and the exchanges negotiated for them.",
        core: &[1, 0, 8, 4, 3],
    },
    Theme {
        slug: "yemen-truce",
        title: "Yemen truce track",
        summary: "The UN-led truce, Saudi–Houthi contacts and the link to Red Sea attacks.",
        core: &[12, 6, 4, 7, 1],
    },
    Theme {
        slug: "oman-mediation",
        title: "Omani mediation channel",
        summary: "Muscat's role as a discreet channel and the messages it carries.",
        core: &[4, 0, 1, 8, 11],
    },
    Theme {
        slug: "uae-iran-trade",
        title: "UAE–Iran trade and re-exports",
        summary: "Dubai's re-export trade with Iran, enforcement pressure and the banks in between.",
        core: &[7, 1, 0, 9, 17],
    },
    Theme {
        slug: "kharg-exports",
        title: "Kharg Island crude exports",
        summary: "Loadings at Iran's main export terminal and the fleet that carries them.",
        core: &[1, 2, 9, 16, 0],
    },
    Theme {
        slug: "israel-iran-deterrence",
        title: "Israel–Iran deterrence",
        summary: "Strikes, threats and the signals each side sends through third parties.",
        core: &[5, 1, 0, 22, 2],
    },
    Theme {
        slug: "china-gulf-energy",
        title: "China's Gulf energy diplomacy",
        summary: "Beijing's purchases, port investments and mediation offers in the Gulf.",
        core: &[9, 6, 1, 7, 3],
    },
    Theme {
        slug: "war-risk-insurance",
        title: "War-risk insurance market",
        summary: "Listed areas, premiums and cover periods for Gulf calls.",
        core: &[15, 16, 3, 8, 2],
    },
    Theme {
        slug: "gulf-ports",
        title: "Gulf ports and bunkering",
        summary: "Port calls, bunkering at Fujairah and congestion after each incident.",
        core: &[7, 16, 4, 17, 2],
    },
    Theme {
        slug: "kuwait-iraq-border",
        title: "Kuwait–Iraq maritime border",
        summary: "The Khor Abdullah dispute and navigation in the northern Gulf.",
        core: &[18, 13, 6, 1, 0],
    },
    Theme {
        slug: "bahrain-fleet",
        title: "Naval presence in Bahrain",
        summary: "The fleet headquarters in Manama and the coalitions built around it.",
        core: &[19, 0, 8, 6, 2],
    },
];

const AUTHORS: &[&str] = &[
    "R. Analyst",
    "T. Lindqvist",
    "F. Lemaire",
    "M. Al-Rashid",
    "Ş. Yılmaz",
    "A. Kovács",
    "N. Haddad",
    "J. Okafor",
    "P. Ramírez",
    "S. Farahani",
    "K. Nakamura",
    "L. Brennan",
];

const PLACES: &[&str] = &[
    "the Strait of Hormuz",
    "Fujairah",
    "Bandar Abbas",
    "Ras Laffan",
    "Khor Fakkan",
    "Muscat",
    "Kharg Island",
    "Jask",
    "the Bab el-Mandeb",
    "Duqm",
    "Ras Tanura",
    "Basra",
    "Doha",
    "Salalah",
    "Qeshm",
    "the Gulf of Oman",
    "Abu Musa",
    "Manama",
];

const TOPICS: &[&str] = &[
    "the enrichment ceiling",
    "frozen funds",
    "inspector access",
    "escort rotations",
    "a detainee exchange",
    "war-risk cover",
    "sanctions waivers",
    "the sequencing of relief",
    "night-time transits",
    "drone overflights",
    "crude loadings",
    "LNG cargo schedules",
    "the prisoner list",
    "port access",
    "the verification calendar",
    "naval rules of engagement",
];

const DAYS: &[&str] = &[
    "on Monday",
    "on Tuesday",
    "late on Wednesday",
    "on Thursday",
    "before dawn on Friday",
    "over the weekend",
    "earlier this week",
    "late last week",
    "overnight",
];

const NUMBERS: &[&str] = &[
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "eleven", "twelve",
];

const VESSEL_TYPES: &[&str] = &[
    "VLCC",
    "product tanker",
    "LNG carrier",
    "bulk carrier",
    "container ship",
    "chemical tanker",
];
const VESSEL_FIRST: &[&str] = &[
    "Aurora", "Pacific", "Gulf", "Crimson", "Silver", "Northern", "Coral", "Desert", "Ocean",
    "Amber",
];
const VESSEL_SECOND: &[&str] = &[
    "Crest", "Star", "Pioneer", "Harmony", "Falcon", "Voyager", "Dawn", "Spirit", "Breeze",
    "Trader",
];

const TITLE_VERBS: &[&str] = &[
    "signals flexibility on",
    "hardens its position on",
    "proposes a timetable for",
    "rejects a draft on",
    "quietly accepts limits on",
    "raises the price of",
    "seeks guarantees on",
    "walks back remarks on",
    "tests the limits on",
    "offers a narrow concession on",
    "links progress to",
    "stalls on",
];
const VESSEL_EVENTS: &[&str] = &[
    "boarded",
    "shadowed by fast boats",
    "diverted",
    "released",
    "delayed at anchor",
    "hailed and ordered to turn",
];
const TREND_TITLES: &[&str] = &[
    "War-risk premiums climb after the latest boarding near {P}",
    "Transits through {P} recover for a second week",
    "Talks in {P} end without a date for the next round",
    "Escort coalition extends patrols to {P}",
    "Loadings at {P} slip as inspections tighten",
    "Technical round in {P} narrows the gap on {T}",
    "Brokers shorten cover periods for calls at {P}",
    "Officials in {P} describe progress on {T} as fragile",
];

const LEDES: &[&str] = &[
    "{A} and {B} ended {N} hours of talks in {P} {D} without a joint statement, but both described the exchange on {T} as more concrete than before.",
    "A {VT} was boarded near {P} {D}, and {A} has so far neither claimed nor denied a role in the operation.",
    "{A} moved {D} to reopen the question of {T}, a step that {B} had hoped to keep off the agenda until the next round.",
    "Officials in {P} confirmed {D} that {A} had accepted a narrower formula on {T}, trading visibility for time.",
    "Traffic through {P} slowed {D} after {A} issued a new navigational warning covering the approaches.",
    "{A} announced {D} that it would no longer wait for {B} to move first on {T}.",
    "Brokers reported {D} that war-risk cover for calls at {P} is now quoted for {N} days rather than fourteen.",
    "A senior {A} delegation arrived in {P} {D}, the first visit at that level since the pause in strikes began.",
    "{A} publicly rejected a draft text on {T} {D}, while privately signalling that a revised version could work.",
    "{A} said {D} that the {V} had been released with its crew, ending a standoff that began near {P} weeks ago.",
    "The latest round on {T} produced a short communiqué and a longer list of unresolved items, according to officials briefed on the meeting in {P}.",
    "{A} stepped up patrols around {P} {D}, a move that {B} read as a signal aimed at the talks rather than at shipping.",
];

const EVENTS: &[&str] = &[
    "According to two officials, the session in {P} focused on {T} and ran well past midnight.",
    "{A} tabled a proposal that would tie progress on {T} to a fixed calendar of reciprocal steps.",
    "The {V}, a {VT} bound for {P}, reported being hailed by small craft and ordered to change course.",
    "Satellite imagery reviewed by analysts shows {N} additional patrol boats moored at {P} compared with a month ago.",
    "{B} did not attend the final session and sent a deputy instead, which several delegations noticed.",
    "The readout from {P} mentioned {T} only once, in a single line near the end.",
    "AIS data show {X} vessels waiting at anchor off {P}, roughly double the usual number.",
    "{A} officials briefed reporters on background and described the atmosphere as businesslike rather than warm.",
    "The statement was issued in Persian and Arabic first, with the English version following several hours later.",
    "Shipowners were told to keep transponders on and to report any approach by unidentified craft.",
    "A further meeting at the technical level is expected in {P} within {N} days.",
    "{B} confirmed the contact but said no document had changed hands.",
    "The encounter lasted about {X} minutes and ended without shots fired.",
    "Neither side disputed the basic sequence of events, only what it meant.",
    "Port agents in {P} said loading schedules had slipped by {N} days.",
    "The ~~interim~~ revised text on {T} circulated {D}, according to a diplomat who has seen it.",
];

const GAINS: &[&str] = &[
    "{A} gains the most in the short term: it now controls the order in which {T} is discussed.",
    "{B} loses some room for manoeuvre, since any retreat on {T} would now be visible at home.",
    "The clearest winner is {A}, which can point to a concrete result without conceding anything structural.",
    "{C} gains quietly, as every delay raises the value of its role as the channel both sides still trust.",
    "{B} keeps a veto but pays for using it, because blocking progress on {T} would make it the obvious spoiler.",
    "Leverage shifts toward whoever can absorb delay more cheaply, and for now that is {A}.",
    "{A}'s position improves only if the next round confirms the step; otherwise the gain is cosmetic.",
    "Underwriters and shipowners move in opposite directions: one sets the price, the other pays it.",
    "{B} gains little from the episode but avoids a loss it had feared.",
    "For {C}, the main gain is reputational: it showed it can bring the other side to the table.",
    "{A} has more to lose than to gain from a public breakdown, which limits how hard it can push.",
    "None of the parties gains decisively; the balance is roughly where it was a month ago, with {A} slightly ahead.",
];

const MECHANISM_SENTENCES: &[&str] = &[
    "The mechanism is {M}: each side moves only after the other's step can be verified.",
    "This is {M} at work, with {C} carrying messages that neither principal wants to own in public.",
    "{M} explains the pattern better than any single decision: costs are imposed gradually and can be reversed.",
    "Through {M}, {A} turns a local incident into a price that every other actor has to pay.",
    "The operating logic is {M}, and its weakness is that it rewards delay.",
    "What looks like escalation is better read as {M}: the signal is aimed at the table, not the shipping lane.",
    "{M} depends on both sides believing that the other can still walk away.",
    "The episode fits a familiar cycle of {M}, in which concessions come in small, deniable pieces.",
    "{A} relies on {M} because it lacks the means to impose an outcome directly.",
    "As long as {M} remains the main instrument, progress on {T} will come in increments rather than packages.",
];

const STAKES: &[&str] = &[
    "The outcome on {T} sets a precedent for every later round, which is why both sides are slow to concede it.",
    "Roughly a fifth of the world's seaborne oil passes the strait, so even small frictions near {P} are priced in quickly.",
    "A failure here would remove the one channel that has so far kept the pause in strikes in place.",
    "Higher costs at sea act as a quiet tax on Gulf exports and a lever that can be pulled without firing a shot.",
    "For {B}, the stakes are domestic as much as diplomatic: a visible concession on {T} would be costly at home.",
    "The episode matters less for what it changed than for what it revealed about {A}'s priorities.",
    "If the step on {T} holds, it creates a template that could be reused for harder questions later.",
    "Regional states read each round as a test of whether commitments made in {P} survive contact with events.",
    "Insurers, charterers and navies all adjust to the same signal, which magnifies its effect.",
    "A misread signal at sea could escalate faster than the negotiating channel can respond.",
    "The longer the ambiguity lasts, the more it favours the party that can tolerate uncertainty.",
    "What is at stake is not a single agreement but the credibility of the whole step-by-step approach.",
];

const WATCH_SENTENCES: &[&str] = &[
    "The key indicator is whether the next round in {P} is scheduled before the end of the month.",
    "A second boarding near {P} would show that the current calm is tactical.",
    "Watch the tone of {A}'s next public statement on {T}; a shift to conditional language would be telling.",
    "Any movement on {T} before the next meeting would suggest that a private understanding already exists.",
    "Rates quoted by brokers for calls at {P} are the fastest market signal to follow.",
    "If {B} sends a more senior delegation to the next round, expect the agenda to widen.",
    "A drop in patrol activity around {P} would be the first sign that {A} is banking the gain.",
    "Listen for {C}: it tends to speak only when it believes a step is close.",
    "The indicator we will score first: {W}.",
    "We will also track whether {W}, as the note's front matter records.",
];

const FILLER: &[&str] = &[
    "Officials on both sides were careful to avoid deadlines in public.",
    "The reporting is consistent across sources, though none of them was in the room.",
    "This assessment may change quickly if the next round is postponed.",
    "Past rounds followed the same rhythm: a quiet start, a leak, then a denial.",
    "Local coverage in {P} was sparse and largely repeated the official line.",
    "We hold this view with some caution, given how thin the sourcing remains.",
    "The timing, just before the next scheduled meeting, is unlikely to be accidental.",
    "Signals from {C} remain ambiguous and could be read either way.",
    "Much of what is known comes from briefings by people with an interest in the outcome.",
    "The picture may look different once shipping data for the full week are in.",
];

const QUOTES: &[&str] = &[
    "> “We are not negotiating about {T} in public,” an official in {P} said.",
    "> “The price of calm is now visible to everyone,” a broker said.",
    "> “Nothing is agreed until everything is agreed,” a diplomat reminded reporters in {P}.",
    "> “Our patrols are routine,” a spokesman for {A} said, declining to give numbers.",
];

const LINKS: &[&str] = &[
    "The [official readout]({U}) is short and avoids specifics.",
    "See also the [earlier note on {T}]({U}).",
    "The [broker circular]({U}) gives the new rates.",
    "A [UKMTO advisory]({U}) covers the same waters.",
];

const RATIONALES: &[&str] = &[
    "Can present the step on {T} as a win without structural concessions.",
    "Bears the cost of every delay and has few ways to pass it on.",
    "Controls the pace of the talks and can slow them at little cost.",
    "Its role as intermediary grows with every round that needs a messenger.",
    "Exposed to the strait for most of its exports, with no route around it.",
    "Gains bargaining room while others absorb the risk at sea.",
    "Has to answer to domestic critics who see any deal on {T} as a retreat.",
];

const WATCH: &[&str] = &[
    "Frozen funds actually transferred",
    "IAEA inspectors return to Fordow",
    "War-risk premiums fall below 0.5% of hull value",
    "Next round of Doha talks scheduled",
    "Escort coalition adds a fourth navy",
    "Daily Hormuz transits back above 100",
    "Detainee exchange carried out",
    "Enrichment capped at 60% in a written text",
    "IRGC Navy seizes another tanker",
    "Houthi launches at shipping resume",
    "Israeli strike on Iranian territory",
    "Sanctions waivers for Iraqi electricity payments renewed",
    "Saudi and Iranian foreign ministers meet",
    "Qatar signs new long-term LNG contracts",
    "Kharg Island loadings exceed 1.5m barrels a day",
    "Omani channel hosts a technical-level meeting",
    "U.S. carrier group leaves the Gulf",
    "Joint War Committee revises the listed areas",
    "China brokers a trilateral statement",
    "Militia rocket fire on bases in Iraq resumes",
    "Snapback of UN sanctions triggered",
    "Ship-to-ship transfers off Malaysia fall",
    "Red Sea container transits recover",
    "Iran announces new centrifuge cascades",
    "GPS jamming reports in the Gulf of Oman",
    "Prisoner list published by Tehran",
    "E3 table a resolution at the IAEA Board",
    "Khor Abdullah agreement ratified",
    "Insurers restore fourteen-day war-risk cover",
    "Bunkering volumes at Fujairah recover",
];

const SCENARIOS: &[&str] = &[
    "Ceasefire holds while the nuclear track stalls",
    "Talks collapse and strikes resume",
    "Interim deal trades frozen funds for an enrichment cap",
    "Seizures continue at a low tempo",
    "Escort coalition deters further boardings",
    "Premiums return to pre-crisis levels by year end",
    "Houthi campaign against shipping resumes",
    "Saudi–Iranian channel survives the crisis",
    "Detainee exchange completed before the next round",
    "Inspectors regain access to all declared sites",
    "Militia attacks force a U.S. drawdown from Iraq",
    "China hosts a regional security meeting",
];

const TERMS: &[&str] = &[
    "almost no chance",
    "very unlikely",
    "unlikely",
    "roughly even chance",
    "likely",
    "very likely",
    "almost certain",
];

const TAGS: &[&str] = &[
    "sanctions",
    "frozen-funds",
    "enrichment",
    "shipping",
    "insurance",
    "war-risk",
    "escorts",
    "detainees",
    "mediation",
    "lng",
    "crude",
    "drones",
    "militias",
    "iaea",
    "red-sea",
];

const SOURCE_TITLES: &[&str] = &[
    "Officials describe {P} meetings as making progress",
    "Broker market note on Gulf war-risk rates",
    "AIS data for the approaches to {P}",
    "Interview with a regional official on {T}",
    "Satellite imagery of the port at {P}",
    "Foreign ministry statement on {T}",
    "UKMTO advisory for {P}",
    "Shipping trade forum thread on {T}",
    "Wire report from {P}",
    "Think-tank commentary on {T}",
];

const SOURCE_KINDS: &[&str] = &[
    "news",
    "brokers",
    "advisories",
    "imagery",
    "statements",
    "forum",
];

const HEADINGS: [&[&str]; 5] = [
    &[
        "What happened",
        "Summary",
        "Events",
        "What happened?",
        "summary",
    ],
    &[
        "Who gains leverage",
        "Who gains",
        "Leverage",
        "Who gains?",
        "Who gains leverage?",
    ],
    &[
        "What mechanism is operating",
        "Mechanism",
        "What mechanism is operating?",
        "mechanism",
    ],
    &[
        "Why it matters",
        "Stakes",
        "Implications",
        "Why it matters.",
        "Why It Matters",
    ],
    &[
        "What to watch next",
        "What to watch",
        "Indicators",
        "What to watch next:",
        "indicators",
    ],
];

// ---------------------------------------------------------------------------
// The workspace.

struct Brief {
    slug: String,
    title: String,
    summary: &'static str,
    core: &'static [usize],
    /// Indices into `WATCH` that this brief's notes repeat.
    watch: Vec<usize>,
}

fn briefs(count: usize, seed: u64) -> Vec<Brief> {
    let mut rng = Rng::derive(seed, u64::MAX);
    (0..count)
        .map(|i| {
            let theme = &THEMES[i % THEMES.len()];
            let round = i / THEMES.len();
            let (slug, title) = if round == 0 {
                (theme.slug.to_owned(), theme.title.to_owned())
            } else {
                (
                    format!("{}-{}", theme.slug, round + 1),
                    format!("{} (track {})", theme.title, round + 1),
                )
            };
            Brief {
                slug,
                title,
                summary: theme.summary,
                core: theme.core,
                watch: rng.distinct(WATCH.len(), 8),
            }
        })
        .collect()
}

fn generate(args: &Args) -> Result<(), String> {
    prepare(&args.out)?;
    let briefs = briefs(args.briefs, args.seed);
    write(&args.out.join("brief.yaml"), &config_yaml(&briefs))?;
    write(
        &args.out.join(MARKER),
        "written by tools/gen_corpus.rs; safe to delete\n",
    )?;

    // Every brief gets one note, the rest go to briefs with mildly uneven
    // weights, as real topics are uneven.
    let mut assign = Rng::derive(args.seed, u64::MAX - 1);
    let weights: Vec<u32> = (0..briefs.len()).map(|i| 6 + (i % 4) as u32 * 2).collect();
    let mut used: Vec<BTreeSet<String>> = vec![BTreeSet::new(); briefs.len()];
    for index in 0..args.notes {
        let brief_index = if index < briefs.len() {
            index
        } else {
            assign.weighted(&weights)
        };
        let brief = &briefs[brief_index];
        let mut rng = Rng::derive(args.seed, index as u64);
        let note = note(&mut rng, brief, args.span_days, !args.tradecraft_warnings);
        let folder = args.out.join("briefs").join(&brief.slug);
        let mut name = format!("{}-{}", note.date, note.slug);
        let mut n = 2;
        while used[brief_index].contains(&name) {
            name = format!("{}-{}-{n}", note.date, note.slug);
            n += 1;
        }
        used[brief_index].insert(name.clone());
        write(&folder.join(format!("{name}.md")), &note.text)?;
    }
    Ok(())
}

/// Makes sure `out` can be written without clobbering anything of value.
fn prepare(out: &Path) -> Result<(), String> {
    if out.exists() {
        let empty = fs::read_dir(out)
            .map_err(|e| format!("cannot read {}: {e}", out.display()))?
            .next()
            .is_none();
        if !empty && !out.join(MARKER).is_file() {
            return Err(format!(
                "{} exists and was not written by gen-corpus; choose an empty or new folder",
                out.display()
            ));
        }
        let notes = out.join("briefs");
        if notes.exists() {
            fs::remove_dir_all(&notes)
                .map_err(|e| format!("cannot remove {}: {e}", notes.display()))?;
        }
    }
    fs::create_dir_all(out.join("briefs"))
        .map_err(|e| format!("cannot create {}: {e}", out.display()))
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn config_yaml(briefs: &[Brief]) -> String {
    let mut y = String::new();
    y.push_str("# Generated by tools/gen_corpus.rs for benchmarks.\n");
    y.push_str("title: Gulf Security Briefings (benchmark corpus)\n");
    y.push_str("organization: Example Analysis Unit\n");
    y.push_str("marking: TLP:CLEAR\npage_size: A4\nhalf_life_days: 30\ncontested_range: 3\n\n");
    y.push_str("briefs:\n");
    for brief in briefs {
        let _ = writeln!(y, "  {}:", brief.slug);
        let _ = writeln!(y, "    title: {}", scalar(&brief.title));
        let _ = writeln!(y, "    summary: >-\n      {}", brief.summary);
    }
    y.push_str("\nactors:\n");
    for actor in ACTORS.iter().filter(|a| a.listed) {
        let aliases: Vec<String> = actor.aliases.iter().map(|a| scalar(a)).collect();
        let _ = writeln!(
            y,
            "  {}: {{ aliases: [{}] }}",
            scalar(actor.name),
            aliases.join(", ")
        );
    }
    y.push_str("\nmechanisms:\n");
    for mechanism in MECHANISMS {
        let _ = writeln!(
            y,
            "  {}: {{ aliases: [{}] }}",
            mechanism.name,
            mechanism.aliases.join(", ")
        );
    }
    let slugs = |keep: &dyn Fn(usize) -> bool| -> String {
        let chosen: Vec<&str> = briefs
            .iter()
            .enumerate()
            .filter(|(i, _)| keep(*i))
            .map(|(_, b)| b.slug.as_str())
            .collect();
        chosen.join(", ")
    };
    let n = briefs.len();
    y.push_str("\npackets:\n");
    let _ = writeln!(
        y,
        "  public-clear:\n    title: Public digest\n    audience: TLP:CLEAR\n    briefs: [{}]",
        slugs(&|i| i % 2 == 0)
    );
    let _ = writeln!(
        y,
        "  weekly-green:\n    title: Weekly packet — Gulf security\n    audience: TLP:GREEN\n    briefs: [{}]",
        slugs(&|i| i < n.div_ceil(3) * 2 || n == 1)
    );
    let _ = writeln!(
        y,
        "  partners-amber:\n    title: Partner packet — Gulf security (restricted)\n    audience: TLP:AMBER\n    briefs: [{}]",
        slugs(&|_| true)
    );
    y
}

// ---------------------------------------------------------------------------
// One note.

struct GeneratedNote {
    date: String,
    slug: String,
    text: String,
}

/// What a note's body can refer to, drawn from its front matter.
struct Context {
    actors: Vec<&'static str>,
    mechanism: &'static str,
    place: &'static str,
    topic: &'static str,
    vessel: String,
    vessel_type: &'static str,
    watch: Vec<String>,
    day: i64,
}

/// One note; `clean` notes raise no tradecraft warning.
fn note(rng: &mut Rng, brief: &Brief, span_days: i64, clean: bool) -> GeneratedNote {
    let end = days_from_civil(END_DATE.0, END_DATE.1, END_DATE.2);
    let day = end - rng.range(0, span_days - 1);
    let actor_count = rng.range(2, 5) as usize;
    let actor_indices = pick_actors(rng, brief, actor_count);
    let mut ctx = Context {
        actors: actor_indices.iter().map(|&i| ACTORS[i].name).collect(),
        mechanism: MECHANISMS[rng.below(MECHANISMS.len())].name,
        place: rng.pick(PLACES),
        topic: rng.pick(TOPICS),
        vessel: format!("{} {}", rng.pick(VESSEL_FIRST), rng.pick(VESSEL_SECOND)),
        vessel_type: rng.pick(VESSEL_TYPES),
        watch: Vec::new(),
        day,
    };
    let title = title(rng, &ctx);
    let mut fm = String::from("---\n");
    let _ = writeln!(fm, "title: {}", scalar(&title));
    let _ = writeln!(fm, "date: {}", iso(day));
    if rng.chance(10) {
        let _ = writeln!(fm, "brief: {}", brief.slug);
    }
    if rng.chance(80) {
        let _ = writeln!(fm, "author: {}", scalar(rng.pick(AUTHORS)));
    }
    if rng.chance(85) {
        let confidence = ["low", "moderate", "high"][rng.weighted(&[25, 50, 25])];
        // High confidence wants A–B sources, which the draw may not give.
        let confidence = if clean && confidence == "high" {
            "moderate"
        } else {
            confidence
        };
        if rng.chance(10) {
            let _ = writeln!(fm, "confidence: {confidence}   # see sourcing below");
        } else {
            let _ = writeln!(fm, "confidence: {confidence}");
        }
    }
    if rng.chance(90) {
        let spellings: [&[&str]; 5] = [
            &["TLP:CLEAR", "clear", "TLP:clear"],
            &["TLP:GREEN", "green", "GREEN"],
            &["TLP:AMBER", "amber", "Amber"],
            &["TLP:AMBER+STRICT", "AMBER+STRICT", "amber+strict"],
            &["TLP:RED", "red"],
        ];
        let level = rng.weighted(&[42, 36, 13, 5, 4]);
        let _ = writeln!(fm, "marking: {}", rng.pick(spellings[level]));
    }
    tags(rng, &mut fm);
    sources(rng, &mut fm, &ctx);
    if let Some(mechanism) = actors_yaml(rng, &mut fm, &actor_indices, &ctx, clean) {
        ctx.mechanism = mechanism;
    }
    ctx.watch = watch_yaml(rng, &mut fm, brief, day, clean);
    scenarios_yaml(rng, &mut fm, clean);
    fm.push_str("---\n");
    fm.push_str(&body(rng, &ctx, &actor_indices));
    GeneratedNote {
        date: iso(day),
        slug: slugify(&title),
        text: fm,
    }
}

/// Distinct actors, mostly from the brief's core cast.
fn pick_actors(rng: &mut Rng, brief: &Brief, count: usize) -> Vec<usize> {
    let mut chosen: Vec<usize> = Vec::with_capacity(count);
    while chosen.len() < count {
        let candidate = if rng.chance(70) {
            rng.pick(brief.core)
        } else {
            rng.below(ACTORS.len())
        };
        if !chosen.contains(&candidate) {
            chosen.push(candidate);
        }
    }
    chosen
}

fn title(rng: &mut Rng, ctx: &Context) -> String {
    let text = match rng.below(4) {
        0 | 1 => format!("{} {} {}", ctx.actors[0], rng.pick(TITLE_VERBS), ctx.topic),
        2 => format!(
            "{} {} off {}",
            ctx.vessel,
            rng.pick(VESSEL_EVENTS),
            ctx.place.trim_start_matches("the ")
        ),
        _ => fill_from(rng, TREND_TITLES, ctx),
    };
    capitalise(&text)
}

/// Fills a template from `pool` not used yet in this note, if one can be
/// found in a few draws.
fn fill_fresh(
    rng: &mut Rng,
    pool: &[&'static str],
    used: &mut Vec<&'static str>,
    ctx: &Context,
) -> String {
    let mut template = pool[rng.below(pool.len())];
    for _ in 0..12 {
        if !used.contains(&template) {
            break;
        }
        template = pool[rng.below(pool.len())];
    }
    used.push(template);
    fill(rng, template, ctx)
}

/// Fills a template drawn from `pool`.
fn fill_from(rng: &mut Rng, pool: &[&str], ctx: &Context) -> String {
    let template = pool[rng.below(pool.len())];
    fill(rng, template, ctx)
}

fn tags(rng: &mut Rng, fm: &mut String) {
    let count = rng.range(0, 4) as usize;
    if count == 0 {
        return;
    }
    let chosen: Vec<&str> = rng
        .distinct(TAGS.len(), count)
        .into_iter()
        .map(|i| TAGS[i])
        .collect();
    if rng.chance(70) {
        let _ = writeln!(fm, "tags: [{}]", chosen.join(", "));
    } else {
        fm.push_str("tags:\n");
        for tag in chosen {
            let _ = writeln!(fm, "  - {tag}");
        }
    }
}

fn sources(rng: &mut Rng, fm: &mut String, ctx: &Context) {
    let count = rng.weighted(&[15, 35, 35, 15]);
    if count == 0 {
        return;
    }
    fm.push_str("sources:\n");
    for n in 0..count {
        let title = fill_from(rng, SOURCE_TITLES, ctx);
        let _ = writeln!(fm, "  - title: {}", scalar(&title));
        if rng.chance(85) {
            let _ = writeln!(
                fm,
                "    url: https://example.org/{}/{}-{}-{}",
                rng.pick(SOURCE_KINDS),
                slugify(&title),
                iso(ctx.day),
                n + 1
            );
        }
        if rng.chance(90) {
            let grade = ["A", "B", "C", "D", "E", "F"][rng.weighted(&[5, 30, 30, 12, 8, 15])];
            let _ = writeln!(fm, "    reliability: {grade}");
        }
        if rng.chance(90) {
            let _ = writeln!(
                fm,
                "    credibility: {}",
                1 + rng.weighted(&[8, 30, 30, 14, 6, 12])
            );
        }
    }
}

/// Writes the actors; returns the first mechanism named (canonical), which
/// the body then discusses.
fn actors_yaml(
    rng: &mut Rng,
    fm: &mut String,
    indices: &[usize],
    ctx: &Context,
    clean: bool,
) -> Option<&'static str> {
    fm.push_str("actors:\n");
    let mut first_mechanism = None;
    for &index in indices {
        let actor = &ACTORS[index];
        let name = if !actor.aliases.is_empty() && rng.chance(30) {
            rng.pick(actor.aliases)
        } else {
            actor.name
        };
        let _ = writeln!(fm, "  - name: {}", scalar(name));
        let leverage = rng.range(-3, 3) + if rng.chance(10) { rng.range(-2, 2) } else { 0 };
        let leverage = leverage.clamp(-5, 5);
        let _ = writeln!(fm, "    leverage: {leverage}");
        let _ = writeln!(fm, "    stakes: {}", rng.range(0, 5));
        if rng.chance(80) {
            let mechanism = &MECHANISMS[rng.below(MECHANISMS.len())];
            let spelling = if rng.chance(30) {
                rng.pick(mechanism.aliases)
            } else {
                mechanism.name
            };
            let _ = writeln!(fm, "    mechanism: {spelling}");
            first_mechanism.get_or_insert(mechanism.name);
        }
        // A score of ±4 or ±5 wants its reason.
        if rng.chance(40) || (clean && leverage.abs() >= 4) {
            let rationale = fill_from(rng, RATIONALES, ctx);
            let _ = writeln!(fm, "    rationale: {}", scalar(&rationale));
        }
    }
    first_mechanism
}

/// Writes 0–3 watch items, mostly from the brief's recurring list, spelled
/// in ways that still merge (case, punctuation, hyphens); returns them.
fn watch_yaml(rng: &mut Rng, fm: &mut String, brief: &Brief, day: i64, clean: bool) -> Vec<String> {
    let count = rng.weighted(&[15, 35, 35, 15]);
    if count == 0 {
        return Vec::new();
    }
    fm.push_str("watch:\n");
    let mut chosen: Vec<usize> = Vec::new();
    let mut written = Vec::new();
    while chosen.len() < count {
        let index = if rng.chance(80) {
            rng.pick(&brief.watch)
        } else {
            rng.below(WATCH.len())
        };
        if chosen.contains(&index) {
            continue;
        }
        chosen.push(index);
        let text = vary_spelling(rng, WATCH[index]);
        let _ = writeln!(fm, "  - indicator: {}", scalar(&text));
        if rng.chance(70) || clean {
            let _ = writeln!(fm, "    due: {}", iso(day + rng.range(7, 60)));
        }
        if rng.chance(50) {
            let status = ["open", "observed", "lapsed"][rng.weighted(&[70, 20, 10])];
            let _ = writeln!(fm, "    status: {status}");
        }
        written.push(text);
    }
    written
}

fn vary_spelling(rng: &mut Rng, text: &str) -> String {
    match rng.below(8) {
        0 => text.to_lowercase(),
        1 => format!("{text}."),
        2 => text.replace('-', " "),
        3 => text
            .split(' ')
            .map(capitalise)
            .collect::<Vec<_>>()
            .join(" "),
        4 => text.replacen(' ', "  ", 1),
        _ => text.to_owned(),
    }
}

/// Clean notes estimate each scenario with one term throughout (so no two
/// estimates are disjoint), from terms whose lower bounds, two at a time,
/// never pass 100% (5, 20 and 45%).
const STEADY_TERMS: [&str; 3] = ["very unlikely", "unlikely", "roughly even chance"];

fn scenarios_yaml(rng: &mut Rng, fm: &mut String, clean: bool) {
    let count = rng.weighted(&[40, 35, 25]);
    // Three scenarios' lower bounds may pass 100% together.
    let count = if clean { count.min(2) } else { count };
    if count == 0 {
        return;
    }
    fm.push_str("scenarios:\n");
    for index in rng.distinct(SCENARIOS.len(), count) {
        let _ = writeln!(fm, "  - name: {}", scalar(SCENARIOS[index]));
        if clean {
            let _ = writeln!(
                fm,
                "    likelihood: {}",
                STEADY_TERMS[index % STEADY_TERMS.len()]
            );
            continue;
        }
        let likelihood = match rng.below(3) {
            0 => format!("{}%", rng.range(1, 19) * 5),
            1 => format!("\"{}%\"", rng.range(1, 19) * 5),
            _ => {
                let term = rng.pick(TERMS);
                if rng.chance(15) {
                    capitalise(term)
                } else {
                    term.to_owned()
                }
            }
        };
        let _ = writeln!(fm, "    likelihood: {likelihood}");
    }
}

// ---------------------------------------------------------------------------
// The body: a lede and the five sections, grown sentence by sentence until
// it reaches a word count drawn from 200–600.

/// A block of markdown: a paragraph (sentences) or something pre-rendered.
enum Block {
    Paragraph(Vec<String>),
    Raw(String),
}

fn body(rng: &mut Rng, ctx: &Context, actor_indices: &[usize]) -> String {
    let target = rng.range(190, 560) as usize;
    let pools: [&[&str]; 5] = [EVENTS, GAINS, MECHANISM_SENTENCES, STAKES, WATCH_SENTENCES];
    // Templates already used in this note, so sentences do not repeat.
    let mut used: Vec<&'static str> = Vec::new();
    let mut lede = vec![fill_fresh(rng, LEDES, &mut used, ctx)];
    let mut sections: Vec<Vec<Block>> = pools
        .iter()
        .map(|pool| {
            vec![Block::Paragraph(vec![fill_fresh(
                rng, pool, &mut used, ctx,
            )])]
        })
        .collect();

    // Structure now and then: lists, tables, quotes, footnotes.
    if rng.chance(20) {
        let items: Vec<String> = (0..rng.range(2, 4))
            .map(|i| format!("{}. {}", i + 1, fill_from(rng, EVENTS, ctx)))
            .collect();
        sections[0].push(Block::Raw(items.join("\n")));
    }
    if rng.chance(10) {
        sections[0].push(Block::Raw(transit_table(rng, ctx.day)));
    }
    if rng.chance(12) {
        sections[1].push(Block::Raw(actor_table(rng, actor_indices)));
    }
    if rng.chance(12) {
        sections[0].push(Block::Raw(fill_from(rng, QUOTES, ctx)));
    }
    if !ctx.watch.is_empty() && rng.chance(65) {
        let task = rng.chance(20);
        let items: Vec<String> = ctx
            .watch
            .iter()
            .map(|w| {
                let mark = match (task, rng.chance(30)) {
                    (true, true) => "[x] ",
                    (true, false) => "[ ] ",
                    _ => "",
                };
                let due = if rng.chance(40) {
                    format!(" (by {})", short_date(ctx.day + rng.range(7, 45)))
                } else {
                    String::new()
                };
                format!("- {mark}{}{due}", emphasise(rng, w.trim_end_matches('.')))
            })
            .collect();
        sections[4].push(Block::Raw(items.join("\n")));
    }
    let mut footnote = None;
    if rng.chance(6) {
        if let Some(Block::Paragraph(sentences)) = sections[0].first_mut()
            && let Some(first) = sentences.first_mut()
        {
            first.push_str("[^1]");
        }
        footnote = Some(format!(
            "[^1]: Reporting from {}, not independently confirmed.",
            ctx.place
        ));
    }

    let mut words: usize = lede.iter().map(|s| word_count(s)).sum::<usize>()
        + sections
            .iter()
            .flatten()
            .map(|b| match b {
                Block::Paragraph(s) => s.iter().map(|s| word_count(s)).sum(),
                Block::Raw(r) => word_count(r),
            })
            .sum::<usize>();
    while words < target {
        let section = match rng.weighted(&[6, 2, 3, 3, 1, 3]) {
            5 if lede.len() >= 4 => 0,
            section => section,
        };
        let sentence = if section == 5 {
            fill_fresh(rng, FILLER, &mut used, ctx)
        } else if rng.chance(8) {
            fill_fresh(rng, LINKS, &mut used, ctx)
        } else if rng.chance(15) {
            fill_fresh(rng, FILLER, &mut used, ctx)
        } else {
            fill_fresh(rng, pools[section], &mut used, ctx)
        };
        words += word_count(&sentence);
        if section == 5 {
            lede.push(sentence);
            continue;
        }
        let blocks = &mut sections[section];
        let start_new = match blocks.last() {
            Some(Block::Paragraph(s)) => s.len() >= 2 + rng.below(3),
            _ => true,
        };
        if start_new {
            blocks.push(Block::Paragraph(vec![sentence]));
        } else if let Some(Block::Paragraph(s)) = blocks.last_mut() {
            s.push(sentence);
        }
    }

    let mut out = String::new();
    out.push_str(&lede.join(" "));
    out.push('\n');
    for (index, blocks) in sections.iter().enumerate() {
        let canonical = rng.chance(55);
        let heading = if canonical {
            HEADINGS[index][0]
        } else {
            rng.pick(HEADINGS[index])
        };
        let _ = write!(out, "\n## {heading}\n");
        if index == 4 && rng.chance(10) {
            out.push_str("\n### Near term\n");
        }
        for block in blocks {
            out.push('\n');
            match block {
                Block::Paragraph(sentences) => out.push_str(&sentences.join(" ")),
                Block::Raw(raw) => out.push_str(raw),
            }
            out.push('\n');
        }
        if index == 0
            && let Some(footnote) = &footnote
        {
            let _ = write!(out, "\n{footnote}\n");
        }
        if index == 3 && rng.chance(8) {
            let _ = write!(out, "\n## Background\n\n{}\n", fill_from(rng, FILLER, ctx));
        }
    }
    out
}

fn transit_table(rng: &mut Rng, day: i64) -> String {
    let mut table =
        String::from("| Week of | Daily transits | Premium (% of hull value) |\n|---|---:|---:|\n");
    let mut premium = rng.range(15, 30);
    for week in (0..4).rev() {
        premium += rng.range(0, 12);
        let _ = writeln!(
            table,
            "| {} | {} | {}.{:02} |",
            short_date(day - 7 * week - 3),
            rng.range(70, 130),
            premium / 100,
            premium % 100
        );
    }
    table.pop();
    table
}

fn actor_table(rng: &mut Rng, indices: &[usize]) -> String {
    let mut table = String::from("| Actor | Direction | Why |\n|---|:---:|---|\n");
    for &index in indices {
        let direction = ["▲", "▼", "—"][rng.below(3)];
        let why = [
            "holds the calendar",
            "pays the premium",
            "carries the messages",
            "keeps a veto",
            "absorbs the delay",
        ][rng.below(5)];
        let _ = writeln!(table, "| {} | {direction} | {why} |", ACTORS[index].name);
    }
    table.pop();
    table
}

/// Fills a sentence template from the note's context.
fn fill(rng: &mut Rng, template: &str, ctx: &Context) -> String {
    let mut out = String::with_capacity(template.len() + 40);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        let key = &rest[open + 1..open + close];
        let actor = |i: usize| ctx.actors[i.min(ctx.actors.len() - 1)];
        let value = match key {
            "A" => actor(0).to_owned(),
            "B" => actor(1).to_owned(),
            "C" => actor(2).to_owned(),
            "M" => emphasise(rng, ctx.mechanism),
            "P" => {
                if rng.chance(60) {
                    ctx.place.to_owned()
                } else {
                    rng.pick(PLACES).to_string()
                }
            }
            "T" => {
                if rng.chance(60) {
                    emphasise(rng, ctx.topic)
                } else {
                    rng.pick(TOPICS).to_string()
                }
            }
            "D" => rng.pick(DAYS).to_string(),
            "N" => rng.pick(NUMBERS).to_string(),
            "X" => rng.range(12, 140).to_string(),
            "V" => ctx.vessel.clone(),
            "VT" => ctx.vessel_type.to_owned(),
            "W" => ctx.watch.first().map_or_else(
                || "the next round is scheduled".to_owned(),
                |w| w.trim_end_matches('.').to_lowercase(),
            ),
            "U" => format!(
                "https://example.org/{}/{}-{}",
                rng.pick(SOURCE_KINDS),
                iso(ctx.day),
                rng.range(100, 999)
            ),
            other => other.to_owned(),
        };
        out.push_str(&value);
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    // A sentence may open with a lower-case mechanism, emphasised or not.
    let stars = out.len() - out.trim_start_matches('*').len();
    if out[stars..].starts_with(|c: char| c.is_ascii_lowercase()) {
        out[stars..stars + 1].make_ascii_uppercase();
    }
    // "Shipowners's" → "Shipowners'"
    out.replace("s's ", "s' ")
}

/// Sometimes italic, sometimes bold, mostly plain.
fn emphasise(rng: &mut Rng, text: &str) -> String {
    match rng.below(12) {
        0 => format!("*{text}*"),
        1 => format!("**{text}**"),
        _ => text.to_owned(),
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

/// Up to six words of the title, lower-case ASCII and hyphens.
fn slugify(text: &str) -> String {
    let mut slug = String::new();
    let mut words = 0;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            words += 1;
            if words == 6 {
                break;
            }
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_owned()
}

/// A YAML scalar: plain when that reads back as the same string, else
/// double-quoted.
fn scalar(text: &str) -> String {
    let plain = text.chars().next().is_some_and(|c| c.is_alphabetic())
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.ends_with(':')
        && !text.contains([
            '"', '{', '}', '[', ']', ',', '&', '*', '!', '|', '>', '`', '@',
        ])
        && !matches!(
            text.to_ascii_lowercase().as_str(),
            "yes" | "no" | "true" | "false" | "null" | "on" | "off" | "y" | "n"
        );
    if plain {
        return text.to_owned();
    }
    let mut quoted = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            _ => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip() {
        let day = days_from_civil(2026, 11, 20);
        assert_eq!(iso(day), "2026-11-20");
        assert_eq!(iso(day - 120), "2026-07-23");
        assert_eq!(iso(days_from_civil(2024, 2, 29) + 1), "2024-03-01");
    }

    #[test]
    fn splitmix_is_stable() {
        let mut rng = Rng(0);
        assert_eq!(rng.next_u64(), 0xE220_A839_7B1D_CDAF);
    }

    #[test]
    fn scalars_quote_when_needed() {
        assert_eq!(scalar("Doha talks"), "Doha talks");
        assert_eq!(scalar("U.S."), "U.S.");
        assert_eq!(scalar("Lloyd's market"), "Lloyd's market");
        assert_eq!(scalar("No"), "\"No\"");
        assert_eq!(scalar("a: b"), "\"a: b\"");
        assert_eq!(scalar("60%"), "\"60%\"");
    }
}
