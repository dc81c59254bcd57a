//! `brief.yaml` into a typed `Config` (SPEC §3), with positioned diagnostics.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::{Arc, OnceLock};

use schemars::{JsonSchema, Schema, SchemaGenerator};

use crate::decode::Decoder;
use crate::decode::property_names;
use crate::diag::{Code, Diagnostic};
use crate::names::{
    SLUG_RULE, SlugSchema, is_reserved_brief_name, is_slug, report_reserved_brief_name,
};
use crate::vocab::Marking;
pub use crate::vocab::{PageSize, PdfStandard};
use crate::yaml::{self, Node};
use jiff::civil::Date;

/// The workspace configuration.
#[derive(Debug, Clone, PartialEq, JsonSchema)]
#[schemars(
    title = "brief workspace config",
    deny_unknown_fields,
    description = "brief.yaml: the workspace configuration of `brief`."
)]
pub struct Config {
    /// Title of the workspace, shown on the index page.
    #[schemars(length(min = 1))]
    pub title: String,
    /// Organisation issuing the briefs; printed on covers and in PDF metadata.
    pub organization: Option<String>,
    /// Default marking of notes that set none (TLP:CLEAR if unset).
    pub marking: Option<Marking>,
    /// Paper size of PDFs.
    #[serde(default)]
    pub page_size: PageSize,
    /// Language of the notes, a BCP 47 tag (`en`, `en-GB`, `de`, `fr`):
    /// PDF paragraphs are hyphenated by its patterns. Languages without
    /// patterns (Arabic, Persian, Hebrew among them) are not hyphenated.
    #[serde(default = "default_lang")]
    #[schemars(regex(pattern = r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$"))]
    pub lang: String,
    /// The standard PDFs are written to: `ua-1`, tagged PDF/UA-1 (the
    /// default); `a-2b`, PDF/A-2b as well (archival, still tagged); `none`,
    /// untagged. `brief build --pdf-standard` overrides it.
    #[serde(default)]
    pub pdf_standard: PdfStandard,
    /// Days after which a note counts half as much (recency weighting).
    #[serde(default = "default_half_life_days")]
    #[schemars(range(min = 1, max = 36500))]
    pub half_life_days: u32,
    /// Only notes younger than this many days at a brief's as-of date take
    /// part in it (figures, tables, appendix); older ones are counted and
    /// left out. Per brief and per packet too; `--window` overrides it.
    /// Default: every note.
    #[schemars(range(min = 1, max = 36500))]
    pub window_days: Option<u32>,
    /// Leverage range (max − min of an actor's scores) that marks it contested.
    #[serde(default = "default_contested_range")]
    #[schemars(range(min = 0, max = 10))]
    pub contested_range: u8,
    /// Titles and summaries of briefs, keyed by folder name under `briefs/`.
    #[serde(default)]
    #[schemars(with = "BTreeMap<SlugKey, BriefConfig>")]
    pub briefs: BTreeMap<String, BriefConfig>,
    /// Canonical actor names and their aliases.
    #[serde(default)]
    pub actors: BTreeMap<String, AliasConfig>,
    /// Canonical mechanism names and their aliases.
    #[serde(default)]
    pub mechanisms: BTreeMap<String, AliasConfig>,
    /// Briefing packets for audiences cleared to a given TLP marking.
    #[serde(default)]
    #[schemars(with = "BTreeMap<SlugKey, PacketConfig>")]
    pub packets: BTreeMap<String, PacketConfig>,
    /// `open` (default): notes may name actors and mechanisms brief.yaml does
    /// not declare (a name close to a declared or more common one is
    /// warned about); `closed`: every name must be declared (key or alias).
    #[serde(default)]
    pub names: Names,
    /// `optional` (default): a note without `review:` is approved;
    /// `required`: it is a draft until it says `review: approved`.
    #[serde(default)]
    pub review: ReviewPolicy,
    /// How each diagnostic code is reported, by the code `check --format
    /// json` prints: `allow` hides it, `warn` reports it as a warning, `deny`
    /// as an error.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, LintLevel>")]
    pub lints: BTreeMap<Code, LintLevel>,
}

/// Whether notes may name actors and mechanisms brief.yaml does not declare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Names {
    /// Undeclared names are allowed; likely misspellings are warnings.
    #[default]
    Open,
    /// Every actor and mechanism must be declared in brief.yaml.
    Closed,
}

impl Names {
    /// The spellings brief.yaml takes.
    pub const NAMES: [&'static str; 2] = ["open", "closed"];

    fn parse(text: &str) -> Option<Names> {
        match text.trim() {
            "open" => Some(Names::Open),
            "closed" => Some(Names::Closed),
            _ => None,
        }
    }
}

/// What a note without `review:` is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ReviewPolicy {
    /// A note is approved unless it says `review: draft`.
    #[default]
    Optional,
    /// A note is a draft until it says `review: approved`.
    Required,
}

impl ReviewPolicy {
    /// The spellings brief.yaml takes.
    pub const NAMES: [&'static str; 2] = ["optional", "required"];

    fn parse(text: &str) -> Option<ReviewPolicy> {
        match text.trim() {
            "optional" => Some(ReviewPolicy::Optional),
            "required" => Some(ReviewPolicy::Required),
            _ => None,
        }
    }

    /// The review of a note that sets none.
    pub fn default_review(self) -> crate::vocab::Review {
        match self {
            ReviewPolicy::Optional => crate::vocab::Review::Approved,
            ReviewPolicy::Required => crate::vocab::Review::Draft,
        }
    }
}

/// How one diagnostic code is reported (`lints:` in brief.yaml).
#[derive(Debug, Clone, Copy, PartialEq, Eq, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum LintLevel {
    /// Not reported at all.
    Allow,
    /// Reported as a warning.
    Warn,
    /// Reported as an error: `check` exits 1.
    Deny,
}

impl LintLevel {
    /// The spellings brief.yaml takes.
    pub const NAMES: [&'static str; 3] = ["allow", "warn", "deny"];

    fn parse(text: &str) -> Option<LintLevel> {
        match text.trim() {
            "allow" => Some(LintLevel::Allow),
            "warn" => Some(LintLevel::Warn),
            "deny" => Some(LintLevel::Deny),
            _ => None,
        }
    }
}

fn default_lang() -> String {
    "en".to_owned()
}

fn default_half_life_days() -> u32 {
    30
}

fn default_contested_range() -> u8 {
    3
}

/// Standing information about one brief.
#[derive(Debug, Clone, PartialEq, Default, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct BriefConfig {
    /// Title of the brief; defaults to its slug.
    pub title: Option<String>,
    /// Standing context shown under the title.
    pub summary: Option<String>,
    /// Open the brief with what changed since this date (`2026-11-01`) or
    /// this long before its as-of date (`7d`, `2w`). `--since` overrides it.
    pub since: Option<Since>,
    /// Only notes younger than this many days at the as-of date take part
    /// in the brief; overrides the top-level `window_days`.
    #[schemars(range(min = 1, max = 36500))]
    pub window_days: Option<u32>,
}

/// A canonical name's aliases.
#[derive(Debug, Clone, PartialEq, Default, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct AliasConfig {
    /// Other spellings that mean the same actor or mechanism.
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// A briefing packet: several briefs for one audience.
#[derive(Debug, Clone, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct PacketConfig {
    /// Title on the packet's cover; defaults to its name.
    pub title: Option<String>,
    /// Highest marking this audience may receive.
    pub audience: Marking,
    /// Slugs of the briefs in the packet, in order.
    #[schemars(length(min = 1))]
    pub briefs: Vec<String>,
    /// Open each brief with what changed since this date (`2026-11-01`) or
    /// this long before its as-of date (`7d`, `2w`), computed from the
    /// packet's releasable notes only. `--since` overrides it.
    pub since: Option<Since>,
    /// Only notes younger than this many days at each brief's as-of date
    /// take part in the packet's briefs; overrides the briefs' and the
    /// top-level `window_days`. `--window` overrides it.
    #[schemars(range(min = 1, max = 36500))]
    pub window_days: Option<u32>,
    /// Where each of `briefs` is written in brief.yaml (byte ranges), so a
    /// slug that names no brief is reported at its line and column.
    #[schemars(skip)]
    pub brief_spans: Vec<std::ops::Range<usize>>,
}

/// `since:` and `--since`: a date, or days (`7d`) or weeks (`2w`) before
/// the brief's as-of date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Since {
    /// A fixed date: compare against the brief as of that day.
    Date(Date),
    /// This many days before each brief's as-of date (`2w` is 14).
    Days(u32),
}

impl Since {
    /// `2026-11-01`, `7d` or `2w` (up to 100 years back).
    pub fn parse(text: &str) -> Result<Since, String> {
        let text = text.trim();
        let relative = |digits: &str, factor: u32| -> Result<Since, String> {
            digits
                .parse::<u32>()
                .ok()
                .and_then(|n| n.checked_mul(factor))
                .filter(|days| *days <= 36_500)
                .map(Since::Days)
                .ok_or_else(|| format!("`{text}` is not a number of days or weeks up to 100 years"))
        };
        if let Some(digits) = text.strip_suffix(['d', 'D'])
            && !digits.is_empty()
            && digits.bytes().all(|b| b.is_ascii_digit())
        {
            return relative(digits, 1);
        }
        if let Some(digits) = text.strip_suffix(['w', 'W'])
            && !digits.is_empty()
            && digits.bytes().all(|b| b.is_ascii_digit())
        {
            return relative(digits, 7);
        }
        crate::decode::parse_date(text)
            .map(Since::Date)
            .map_err(|_| {
                format!("`{text}` is neither a date (YYYY-MM-DD) nor a span like 7d or 2w")
            })
    }

    /// The date it names for a brief as of `as_of`.
    pub fn resolve(self, as_of: Date) -> Date {
        match self {
            Since::Date(date) => date,
            Since::Days(days) => as_of
                .checked_sub(jiff::Span::new().days(i64::from(days)))
                .unwrap_or(Date::MIN),
        }
    }
}

impl JsonSchema for Since {
    fn schema_name() -> Cow<'static, str> {
        "Since".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "A date (YYYY-MM-DD), or days or weeks before the as-of date (7d, 2w).",
            "pattern": "^([0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]+[dDwW])$"
        })
    }
}

/// Schema for map keys that must be slugs (property names).
pub struct SlugKey;

impl JsonSchema for SlugKey {
    fn schema_name() -> Cow<'static, str> {
        "SlugKey".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        SlugSchema::json_schema(generator)
    }
}

impl Config {
    /// The marking of notes that set none.
    pub fn default_marking(&self) -> Marking {
        self.marking.unwrap_or_default()
    }

    /// The brief's display title: from `briefs:`, else its slug.
    pub fn brief_title(&self, slug: &str) -> String {
        self.briefs
            .get(slug)
            .and_then(|b| b.title.clone())
            .unwrap_or_else(|| slug.to_owned())
    }

    /// Resolves actor names and aliases to canonical spellings.
    pub fn actor_aliases(&self) -> Aliases {
        Aliases::new(&self.actors)
    }

    /// Resolves mechanism names and aliases to canonical spellings.
    pub fn mechanism_aliases(&self) -> Aliases {
        Aliases::new(&self.mechanisms)
    }
}

pub use crate::names::normalise_name;

/// Lookup from any spelling (normalised) to the canonical brief.yaml key.
#[derive(Debug, Clone, Default)]
pub struct Aliases {
    canonical: HashMap<String, String>,
}

impl Aliases {
    fn new(entries: &BTreeMap<String, AliasConfig>) -> Self {
        let mut canonical = HashMap::new();
        for (name, config) in entries {
            canonical.insert(normalise_name(name), name.clone());
            for alias in &config.aliases {
                canonical
                    .entry(normalise_name(alias))
                    .or_insert_with(|| name.clone());
            }
        }
        Aliases { canonical }
    }

    /// The canonical name for `name`, if brief.yaml knows it.
    pub fn resolve(&self, name: &str) -> Option<&str> {
        self.canonical
            .get(&normalise_name(name))
            .map(String::as_str)
    }

    /// The identity used to compare actors: canonical name if known, else the
    /// normalised spelling.
    pub fn key(&self, name: &str) -> String {
        match self.resolve(name) {
            Some(canonical) => normalise_name(canonical),
            None => normalise_name(name),
        }
    }
}

/// Result of reading brief.yaml: the config when valid, and every problem.
#[derive(Debug)]
pub struct Loaded {
    /// `None` when brief.yaml is invalid (the diagnostics say why).
    pub config: Option<Config>,
    /// Every problem found in brief.yaml.
    pub diagnostics: Vec<Diagnostic>,
}

/// The JSON Schema of brief.yaml.
pub fn schema() -> &'static Schema {
    static SCHEMA: OnceLock<Schema> = OnceLock::new();
    SCHEMA.get_or_init(|| schemars::schema_for!(Config))
}

struct ConfigKeys {
    root: Vec<String>,
    brief: Vec<String>,
    alias: Vec<String>,
    packet: Vec<String>,
}

fn keys() -> &'static ConfigKeys {
    static KEYS: OnceLock<ConfigKeys> = OnceLock::new();
    KEYS.get_or_init(|| {
        let schema = schema();
        ConfigKeys {
            root: property_names(schema, None),
            brief: property_names(schema, Some("BriefConfig")),
            alias: property_names(schema, Some("AliasConfig")),
            packet: property_names(schema, Some("PacketConfig")),
        }
    })
}

/// Parses brief.yaml's text; `path` is how the file is shown in diagnostics.
pub fn parse(path: &Path, text: &Arc<str>) -> Loaded {
    let mut decoder = Decoder::new(path, text, 0);
    let config = match yaml::parse(text) {
        Ok(root) => decode(&mut decoder, &root),
        Err(error) => {
            let offset = error.offset.unwrap_or(0);
            decoder.error_at(Code::YamlSyntax, offset..offset, error.message);
            None
        }
    };
    let config = config.filter(|_| !decoder.has_errors());
    Loaded {
        config,
        diagnostics: decoder.diagnostics,
    }
}

fn decode(d: &mut Decoder, root: &Node) -> Option<Config> {
    let entries = d.map(root, "brief.yaml")?;
    let keys = keys();
    d.check_keys(entries, &keys.root, "brief.yaml");

    let title = match d.field(entries, "title") {
        Some(node) => d.non_empty_text(node, "title"),
        None => {
            d.error_at(Code::MissingKey, 0..0, "brief.yaml has no `title`")
                .help = Some("add a line like `title: Gulf Security Briefings`".to_owned());
            None
        }
    };
    let organization = d
        .field(entries, "organization")
        .and_then(|n| d.non_empty_text(n, "organization"));
    let marking = d
        .field(entries, "marking")
        .and_then(|n| marking(d, n, "marking"));
    let page_size = d
        .field(entries, "page_size")
        .and_then(|n| d.choice(n, "page_size", &PageSize::NAMES, PageSize::parse))
        .unwrap_or_default();
    let lang = d
        .field(entries, "lang")
        .and_then(|n| language_tag(d, n))
        .unwrap_or_else(default_lang);
    let pdf_standard = d
        .field(entries, "pdf_standard")
        .and_then(|n| d.choice(n, "pdf_standard", &PdfStandard::NAMES, PdfStandard::parse))
        .unwrap_or_default();
    let half_life_days = d
        .field(entries, "half_life_days")
        .and_then(|n| d.integer(n, "half_life_days", 1, 36_500))
        .map_or(default_half_life_days(), |n| n as u32);
    let window_days = window_days(d, entries);
    let contested_range = d
        .field(entries, "contested_range")
        .and_then(|n| d.integer(n, "contested_range", 0, 10))
        .map_or(default_contested_range(), |n| n as u8);
    let briefs = slug_map(d, entries, "briefs", brief_config);
    let actors = alias_map(d, entries, "actors");
    let mechanisms = alias_map(d, entries, "mechanisms");
    let packets = slug_map(d, entries, "packets", packet_config);
    let names = d
        .field(entries, "names")
        .and_then(|n| d.choice(n, "names", &Names::NAMES, Names::parse))
        .unwrap_or_default();
    let review = d
        .field(entries, "review")
        .and_then(|n| d.choice(n, "review", &ReviewPolicy::NAMES, ReviewPolicy::parse))
        .unwrap_or_default();
    let lints = lints(d, entries);

    Some(Config {
        title: title?,
        organization,
        marking,
        page_size,
        lang,
        pdf_standard,
        half_life_days,
        window_days,
        contested_range,
        briefs,
        actors,
        mechanisms,
        packets,
        names,
        review,
        lints,
    })
}

/// The ISO 639-1 codes, the primary subtag `lang:` takes.
const ISO_639_1: &str = "aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce \
    ch co cr cs cu cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv \
    ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr \
    ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn \
    no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so \
    sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh \
    yi yo za zh zu";

/// `lang:`: a BCP 47 tag, its primary subtag a known two-letter language
/// (or any three-letter one), each further subtag 1–8 letters or digits.
fn language_tag(d: &mut Decoder, node: &Node) -> Option<String> {
    let text = d.text(node, "lang")?;
    let tag = text.trim();
    let mut subtags = tag.split(['-', '_']);
    let primary = subtags.next().unwrap_or_default();
    let well_formed = (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_alphabetic())
        && subtags
            .all(|s| (1..=8).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric()));
    if !well_formed {
        d.error(
            Code::UnknownValue,
            node,
            format!("`{tag}` is not a language tag"),
        )
        .help = Some("use a BCP 47 tag such as `en`, `en-GB`, `de` or `fr`".to_owned());
        return None;
    }
    let primary = primary.to_ascii_lowercase();
    if primary.len() == 2 && !ISO_639_1.split(' ').any(|code| code == primary) {
        d.error(
            Code::UnknownValue,
            node,
            format!("unknown language `{primary}` in `lang`"),
        )
        .help = Some("use a two-letter ISO 639-1 code such as `en`, `de` or `fr`".to_owned());
        return None;
    }
    Some(tag.to_owned())
}

/// `lints:`: diagnostic code → allow | warn | deny; an unknown code is an
/// error with a did-you-mean.
fn lints(d: &mut Decoder, entries: &[(Node, Node)]) -> BTreeMap<Code, LintLevel> {
    let mut out = BTreeMap::new();
    let Some(node) = d.field(entries, "lints") else {
        return out;
    };
    let Some(items) = d.map(node, "`lints`") else {
        return out;
    };
    for (code_node, level_node) in items {
        let name = d.key_name(code_node);
        let Some(code) = Code::from_name(&name) else {
            let known = Code::ALL.map(Code::as_str);
            let near = crate::decode::did_you_mean(&name, known.iter().copied());
            d.error(
                Code::UnknownValue,
                code_node,
                format!("unknown diagnostic code `{name}` in `lints`"),
            )
            .suggest_or(near, || {
                "use a code that `brief check --format json` prints".to_owned()
            });
            continue;
        };
        let Some(level) = d.choice(
            level_node,
            "lint level",
            &LintLevel::NAMES,
            LintLevel::parse,
        ) else {
            continue;
        };
        if level != LintLevel::Deny && !code.is_warning() {
            d.error(
                Code::UnknownValue,
                level_node,
                format!("`{name}` is an error; `lints` can allow or warn only of warnings"),
            )
            .help = Some(
                "fix the notes instead: an invalid note would drop out of its brief unseen"
                    .to_owned(),
            );
            continue;
        }
        out.insert(code, level);
    }
    out
}

fn marking(d: &mut Decoder, node: &Node, key: &str) -> Option<Marking> {
    d.choice(node, key, &Marking::LABELS, Marking::parse)
}

/// A mapping whose keys are slugs (brief or packet names).
fn slug_map<T>(
    d: &mut Decoder,
    entries: &[(Node, Node)],
    key: &str,
    decode_one: impl Fn(&mut Decoder, &Node, &Node) -> Option<T>,
) -> BTreeMap<String, T> {
    let mut out = BTreeMap::new();
    let Some(node) = d.field(entries, key) else {
        return out;
    };
    let Some(items) = d.map(node, &format!("`{key}`")) else {
        return out;
    };
    for (name_node, value) in items {
        let name = d.key_name(name_node);
        if !is_slug(&name) {
            d.error(
                Code::UnknownValue,
                name_node,
                format!("`{name}` is not a valid name in `{key}`"),
            )
            .help = Some(format!("use {SLUG_RULE}"));
            continue;
        }
        if key == "briefs" && is_reserved_brief_name(&name) {
            report_reserved_brief_name(d, name_node, &name);
            continue;
        }
        if let Some(decoded) = decode_one(d, name_node, value) {
            out.insert(name, decoded);
        }
    }
    out
}

fn brief_config(d: &mut Decoder, _name: &Node, node: &Node) -> Option<BriefConfig> {
    if node.value == yaml::Value::Null {
        return Some(BriefConfig::default());
    }
    let entries = d.map(node, "a brief entry")?;
    d.check_keys(entries, &keys().brief, "a brief entry");
    Some(BriefConfig {
        title: d
            .field(entries, "title")
            .and_then(|n| d.non_empty_text(n, "title")),
        summary: d
            .field(entries, "summary")
            .and_then(|n| d.non_empty_text(n, "summary")),
        since: since(d, entries),
        window_days: window_days(d, entries),
    })
}

fn packet_config(d: &mut Decoder, name: &Node, node: &Node) -> Option<PacketConfig> {
    let entries = d.map(node, "a packet")?;
    d.check_keys(entries, &keys().packet, "a packet");
    let title = d
        .field(entries, "title")
        .and_then(|n| d.non_empty_text(n, "title"));
    let audience = match d.field(entries, "audience") {
        Some(n) => marking(d, n, "audience"),
        None => {
            d.error(Code::MissingKey, name, "packet has no `audience`")
                .help = Some(
                "add `audience: TLP:GREEN` (the highest marking its readers may see)".to_owned(),
            );
            None
        }
    };
    let mut briefs = Vec::new();
    let mut brief_spans = Vec::new();
    match d.field(entries, "briefs") {
        Some(list_node) => {
            for item in d.list(list_node, "briefs").unwrap_or(&[]) {
                if let Some(slug) = d.non_empty_text(item, "briefs") {
                    if is_reserved_brief_name(&slug) {
                        d.error(
                            Code::UnknownValue,
                            item,
                            format!("`{slug}` cannot name a brief"),
                        )
                        .help = Some(format!(
                            "{}; no brief has this name",
                            crate::names::reserved_reason(&slug)
                        ));
                    } else if is_slug(&slug) {
                        briefs.push(slug);
                        brief_spans.push(d.span(item));
                    } else {
                        d.error(
                            Code::UnknownValue,
                            item,
                            format!("`{slug}` is not a brief name"),
                        );
                    }
                }
            }
        }
        None => {
            d.error(Code::MissingKey, name, "packet has no `briefs`")
                .help = Some("add `briefs: [brief-slug, …]`".to_owned());
        }
    }
    let since = since(d, entries);
    let window_days = window_days(d, entries);
    Some(PacketConfig {
        title,
        audience: audience?,
        briefs,
        since,
        window_days,
        brief_spans,
    })
}

/// `window_days:`, a whole number of days from 1 to 36,500.
fn window_days(d: &mut Decoder, entries: &[(Node, Node)]) -> Option<u32> {
    d.field(entries, "window_days")
        .and_then(|n| d.integer(n, "window_days", 1, 36_500))
        .map(|n| n as u32)
}

fn since(d: &mut Decoder, entries: &[(Node, Node)]) -> Option<Since> {
    let node = d.field(entries, "since")?;
    let text = d.non_empty_text(node, "since")?;
    match Since::parse(&text) {
        Ok(since) => Some(since),
        Err(reason) => {
            d.error(Code::BadDate, node, format!("`since` is invalid: {reason}"))
                .help = Some("write a date like 2026-11-01, or 7d or 2w".to_owned());
            None
        }
    }
}

/// `actors:` or `mechanisms:`: canonical names with aliases; an alias claimed
/// by two names is an error, since it could not be resolved.
fn alias_map(
    d: &mut Decoder,
    entries: &[(Node, Node)],
    key: &str,
) -> BTreeMap<String, AliasConfig> {
    let mut out = BTreeMap::new();
    let mut owner: HashMap<String, String> = HashMap::new();
    let Some(node) = d.field(entries, key) else {
        return out;
    };
    let Some(items) = d.map(node, &format!("`{key}`")) else {
        return out;
    };
    for (name_node, value) in items {
        let Some(name) = d.non_empty_text(name_node, key) else {
            continue;
        };
        claim(d, &mut owner, name_node, &name, &name);
        let mut config = AliasConfig::default();
        if value.value != yaml::Value::Null
            && let Some(fields) = d.map(value, &format!("`{name}` in `{key}`"))
        {
            d.check_keys(fields, &keys().alias, &format!("`{key}` entries"));
            if let Some(list) = d.field(fields, "aliases") {
                for alias_node in d.list(list, "aliases").unwrap_or(&[]) {
                    if let Some(alias) = d.non_empty_text(alias_node, "aliases") {
                        claim(d, &mut owner, alias_node, &alias, &name);
                        config.aliases.push(alias);
                    }
                }
            }
        }
        out.insert(name, config);
    }
    out
}

fn claim(
    d: &mut Decoder,
    owner: &mut HashMap<String, String>,
    node: &Node,
    spelling: &str,
    name: &str,
) {
    let key = normalise_name(spelling);
    match owner.get(&key) {
        Some(existing) if existing != name => {
            d.error(
                Code::DuplicateActor,
                node,
                format!("`{spelling}` already names `{existing}`"),
            )
            .help = Some("an alias can belong to only one name".to_owned());
        }
        _ => {
            owner.insert(key, name.to_owned());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Loaded {
        parse(Path::new("brief.yaml"), &Arc::from(text))
    }

    #[test]
    fn full_config_parses() {
        let loaded = load(
            "title: Gulf\norganization: Unit\nmarking: amber\npage_size: Letter\nhalf_life_days: 14\ncontested_range: 2\n\
             briefs:\n  us-iran-talks:\n    title: Talks\n    summary: Context.\n\
             actors:\n  United States: { aliases: [U.S., US] }\n  Iran:\n\
             mechanisms:\n  step-for-step bargaining: { aliases: [reciprocal sequencing] }\n\
             packets:\n  weekly-green:\n    audience: TLP:GREEN\n    briefs: [us-iran-talks]\n",
        );
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        let config = loaded.config.unwrap();
        assert_eq!(config.default_marking(), Marking::Amber);
        assert_eq!(config.page_size, PageSize::Letter);
        assert_eq!(config.half_life_days, 14);
        assert_eq!(config.brief_title("us-iran-talks"), "Talks");
        assert_eq!(config.brief_title("hormuz"), "hormuz");
        let actors = config.actor_aliases();
        assert_eq!(actors.resolve(" u.s. "), Some("United States"));
        assert_eq!(actors.resolve("IRAN"), Some("Iran"));
        assert_eq!(actors.resolve("Qatar"), None);
        assert_eq!(config.packets["weekly-green"].audience, Marking::Green);
    }

    #[test]
    fn defaults_apply_when_keys_are_absent() {
        let config = load("title: Minimal\n").config.unwrap();
        assert_eq!(config.default_marking(), Marking::Clear);
        assert_eq!(config.page_size, PageSize::A4);
        assert_eq!(config.half_life_days, 30);
        assert_eq!(config.contested_range, 3);
    }

    #[test]
    fn lang_is_a_language_tag_defaulting_to_english() {
        assert_eq!(load("title: x\n").config.unwrap().lang, "en");
        for tag in ["de", "en-GB", "fa", "pt_BR", "gsw"] {
            let loaded = load(&format!("title: x\nlang: {tag}\n"));
            assert!(
                loaded.diagnostics.is_empty(),
                "{tag}: {:?}",
                loaded.diagnostics
            );
            assert_eq!(loaded.config.unwrap().lang, tag);
        }
    }

    #[test]
    fn a_lang_that_is_no_language_is_an_error_at_its_value() {
        for (text, message) in [
            ("english", "`english` is not a language tag"),
            ("en-", "`en-` is not a language tag"),
            ("xx", "unknown language `xx` in `lang`"),
        ] {
            let loaded = load(&format!("title: x\nlang: {text}\n"));
            assert!(loaded.config.is_none(), "{text}");
            let d = &loaded.diagnostics[0];
            assert_eq!(d.message, message);
            assert_eq!(d.line_col(), Some((2, 7)));
        }
    }

    #[test]
    fn unknown_keys_suggest_the_right_one() {
        let loaded = load("title: x\nhalf_life: 30\n");
        assert!(loaded.config.is_none());
        let d = &loaded.diagnostics[0];
        assert_eq!(d.message, "unknown key `half_life` in brief.yaml");
        assert_eq!(d.help.as_deref(), Some("did you mean `half_life_days`?"));
        assert_eq!(d.line_col(), Some((2, 1)));
    }

    #[test]
    fn an_alias_of_two_actors_is_an_error() {
        let loaded = load(
            "title: x\nactors:\n  Iran: { aliases: [Tehran] }\n  IRGC: { aliases: [tehran] }\n",
        );
        assert!(loaded.config.is_none());
        assert_eq!(
            loaded.diagnostics[0].message,
            "`tehran` already names `Iran`"
        );
    }

    #[test]
    fn missing_title_and_bad_marking_are_both_reported() {
        let loaded = load("marking: TLP:PURPLE\n");
        let messages: Vec<_> = loaded
            .diagnostics
            .iter()
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(
            messages,
            ["brief.yaml has no `title`", "unknown marking `TLP:PURPLE`"]
        );
    }
}
