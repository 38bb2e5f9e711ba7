//! gil-link: what a GIL Lab link carries, and its codec. A link reopens exactly what a user saw
//! on the simulator: the lesson (a preset with its parameters, or a whole custom scenario), the
//! playhead, the visible time window and the playback speed.
//!
//! The state lives in the URL's hash (static hosts have no fallback routing), as
//! `#/sim?v=1&s=DATA` (or `#/embed?...`, `#/lab?...`: the [`View`] it opens, each carrying the
//! same state): `v` is [`LINK_VERSION`], and `DATA` is the state as JSON, packed with
//! zlib and written in base64's URL-safe alphabet without padding. A preset with changed
//! parameters takes about 160 characters.
//!
//! Links come from anyone, so [`decode`] bounds every step: the hash's length
//! ([`MAX_HASH_BYTES`]), the unpacked size ([`MAX_JSON_BYTES`]), and then every field as the
//! scenario's own validation does. Whatever the input, it returns a [`LinkError`] naming the
//! field (never a panic), or a state whose scenario is valid and ready to simulate.
//!
//! ```
//! use gil_link::{Lesson, SimLink, decode, encode};
//! let preset = gil_sim::presets::get("convoy").unwrap();
//! let mut params = gil_sim::Params::of(&preset.scenario);
//! params.cores = 4;
//! let link = SimLink {
//!     lesson: Lesson::Preset { name: "convoy".into(), params },
//!     t_ns: 12_000_000,
//!     window: None,
//!     speed_milli: 50,
//!     panel: None,
//! };
//! let hash = encode(&link).unwrap();
//! assert!(hash.starts_with("#/sim?v=1&s="));
//! let opened = decode(&hash).unwrap().unwrap();
//! assert_eq!(opened.link, link);
//! assert_eq!(opened.scenario.machine.cores, 4);
//! ```

#![warn(missing_docs)]

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use gil_sim::scenario::one_line;
use gil_sim::{MAX_SIM_NS, Params, Scenario, presets};
use miniz_oxide::inflate::TINFLStatus;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The link format this build writes and reads.
pub const LINK_VERSION: u32 = 1;
/// A hash longer than this (bytes) is refused before any decoding.
pub const MAX_HASH_BYTES: usize = 256 * 1024;
/// The most a link's data may unpack to, bytes; more is refused while unpacking.
pub const MAX_JSON_BYTES: usize = 1 << 20;
/// The longest link [`encode`] writes, characters (hash included): longer states should be
/// saved as a file. Under what LMS link fields and chat apps keep whole.
pub const MAX_LINK_CHARS: usize = 8_000;
/// Playback speed range, in thousandths of simulated time per real time.
pub const SPEED_MILLI: std::ops::RangeInclusive<u32> = 1..=1_000_000;

/// The view a link opens: the routes of the app's hash. Each carries the simulator's state (the
/// lab's too, so that going back to the simulator finds it as it was).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    /// `#/sim`: the simulator, the full app.
    Sim,
    /// `#/embed`: the simulator, compact and read-only, for an iframe in a course page.
    Embed,
    /// `#/lab`: the real-work lab.
    Lab,
}

impl View {
    /// The route's path, as in `#/sim`.
    pub fn path(self) -> &'static str {
        match self {
            View::Sim => "sim",
            View::Embed => "embed",
            View::Lab => "lab",
        }
    }

    /// The view of a hash's path (`sim`, `embed`, `lab`), if it names one.
    pub fn of_path(path: &str) -> Option<View> {
        [View::Sim, View::Embed, View::Lab]
            .into_iter()
            .find(|v| v.path() == path)
    }

    /// The view a hash shows, without reading its state: the simulator where it names none
    /// (empty, `#/`, a plain anchor) or one this build lacks ([`route`] says what is wrong).
    pub fn of_hash(hash: &str) -> View {
        parts(hash)
            .and_then(|(path, _)| View::of_path(path))
            .unwrap_or(View::Sim)
    }
}

/// `hash` with its view changed to `view` and its state (the query) kept: `#/sim?v=1&s=X` in
/// [`View::Lab`] is `#/lab?v=1&s=X`; a hash without state gives the view alone.
pub fn with_view(hash: &str, view: View) -> String {
    match parts(hash) {
        Some((_, query)) if !query.is_empty() => format!("#/{}?{query}", view.path()),
        _ => format!("#/{}", view.path()),
    }
}

/// A route hash's path and query (`#/sim?v=1` gives `("sim", "v=1")`), or `None` for a hash
/// that is no route (empty, a plain anchor such as `#lab`).
fn parts(hash: &str) -> Option<(&str, &str)> {
    let route = hash.strip_prefix('#').unwrap_or(hash).strip_prefix('/')?;
    Some(route.split_once('?').unwrap_or((route, "")))
}

/// The simulator's state in a link.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SimLink {
    /// What runs.
    pub lesson: Lesson,
    /// The playhead, ns.
    pub t_ns: u64,
    /// The visible time window; `None`: the whole run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub window: Option<Window>,
    /// Playback speed in thousandths of simulated time per real time (50: 0.05×), in
    /// [`SPEED_MILLI`]. Whole numbers, so a link reads back exactly.
    pub speed_milli: u32,
    /// The panel open under the timeline in the embed view; `None`: its first (the legend).
    /// Links written before it existed read as `None`; a build older than this field refuses a
    /// link that carries one (every field is checked), which is why it is only written when set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub panel: Option<Panel>,
}

/// A panel the embed view shows under its timeline, one at a time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Panel {
    /// What each colour and pattern means.
    Legend,
    /// The live state at the playhead.
    Now,
    /// The run's metrics.
    Metrics,
    /// The same work four ways, and the verdict.
    Compare,
    /// The glossary.
    Glossary,
}

impl Panel {
    /// Every panel, in the order the embed offers them.
    pub const ALL: [Panel; 5] = [
        Panel::Legend,
        Panel::Now,
        Panel::Metrics,
        Panel::Compare,
        Panel::Glossary,
    ];
}

/// The lesson of a link.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Lesson {
    /// A built-in lesson by name, with its parameters.
    Preset {
        /// The preset's name (`gil_sim::presets`).
        name: String,
        /// Its parameters.
        params: Params,
    },
    /// A whole scenario, as the JSON text `Scenario::from_json` reads.
    Custom {
        /// The scenario file's text.
        scenario: String,
    },
    /// A program of GIL Lab's Python subset, as written (its comments and layout kept), as
    /// `gil_sim::python::from_python` reads it.
    Program {
        /// The program's text.
        program: String,
    },
}

/// A visible time window `[t0_ns, t1_ns]`, `t0_ns < t1_ns`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Window {
    /// Left edge, ns.
    pub t0_ns: u64,
    /// Right edge, ns.
    pub t1_ns: u64,
}

/// A decoded link: the state, and the scenario it runs (validated, ready to simulate).
#[derive(Clone, Debug)]
pub struct Opened {
    /// The state as the link gave it.
    pub link: SimLink,
    /// The lesson's scenario with the link's parameters, or the custom scenario.
    pub scenario: Scenario,
}

/// Why a link cannot be opened (or written): the field, and why, on one line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkError {
    /// Which part: `v`, `s`, or a path inside the state such as `s.lesson.preset.params.cores`
    /// (empty: the link as a whole).
    pub field: String,
    /// Why.
    pub reason: String,
}

impl LinkError {
    fn new(field: impl Into<String>, reason: impl Into<String>) -> LinkError {
        LinkError {
            field: field.into(),
            reason: reason.into(),
        }
    }
}

impl fmt::Display for LinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field.is_empty() {
            write!(f, "link: {}", one_line(&self.reason))
        } else {
            write!(
                f,
                "link field `{}`: {}",
                one_line(&self.field),
                one_line(&self.reason)
            )
        }
    }
}

impl std::error::Error for LinkError {}

/// The hash of a link to `link` in the simulator: `#/sim?v=1&s=DATA`. An error if it would be
/// longer than [`MAX_LINK_CHARS`] (save a file instead).
pub fn encode(link: &SimLink) -> Result<String, LinkError> {
    encode_view(View::Sim, link)
}

/// The hash of a link to `link` in `view`: `#/<view>?v=1&s=DATA`, as [`encode`].
pub fn encode_view(view: View, link: &SimLink) -> Result<String, LinkError> {
    let json = serde_json::to_vec(link).map_err(|e| LinkError::new("", e.to_string()))?;
    let packed = miniz_oxide::deflate::compress_to_vec_zlib(&json, 9);
    let hash = format!(
        "#/{}?v={LINK_VERSION}&s={}",
        view.path(),
        URL_SAFE_NO_PAD.encode(packed)
    );
    if hash.len() > MAX_LINK_CHARS {
        return Err(LinkError::new(
            "",
            format!(
                "this state needs a link of {} characters, more than {MAX_LINK_CHARS}; save the scenario as a file instead",
                hash.len()
            ),
        ));
    }
    Ok(hash)
}

/// Opens a hash (`location.hash`, with or without its `#`) for its state. `Ok(None)` if it
/// carries none: empty, a plain in-page anchor such as `#lab`, or a view alone (`#/sim`).
pub fn decode(hash: &str) -> Result<Option<Opened>, LinkError> {
    route(hash).map(|(_, opened)| opened)
}

/// Opens a hash for its view and its state: [`View::Sim`] where it names no view (empty, `#/`,
/// a plain anchor). Errors as [`decode`].
pub fn route(hash: &str) -> Result<(View, Option<Opened>), LinkError> {
    if hash.len() > MAX_HASH_BYTES {
        return Err(LinkError::new(
            "",
            format!(
                "the link is {} bytes long, more than {MAX_HASH_BYTES} (cap MAX_HASH_BYTES)",
                hash.len()
            ),
        ));
    }
    let Some((path, query)) = parts(hash) else {
        return Ok((View::Sim, None)); // an in-page anchor, not a link
    };
    if path.is_empty() && query.is_empty() {
        return Ok((View::Sim, None)); // "#/": the app's start
    }
    let Some(view) = View::of_path(path) else {
        return Err(LinkError::new(
            "route",
            format!(
                "no view named \"/{}\" (links open \"#/sim\", \"#/embed\" or \"#/lab\")",
                clip(path)
            ),
        ));
    };
    if query.split('&').all(str::is_empty) {
        return Ok((view, None));
    }
    let (mut v, mut s) = (None, None);
    // Empty parts ("&&", a trailing "&", as chat apps sometimes leave) are skipped.
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let slot = match key {
            "v" => &mut v,
            "s" => &mut s,
            "" => {
                return Err(LinkError::new(
                    "query",
                    format!(
                        "a part with no name (\"{}\"; a link has v and s)",
                        clip(pair)
                    ),
                ));
            }
            _ => {
                return Err(LinkError::new(
                    clip(key),
                    "unknown part of the link (a link has v and s)",
                ));
            }
        };
        if slot.replace(value).is_some() {
            return Err(LinkError::new(key, "given twice"));
        }
    }
    let v = v.ok_or_else(|| LinkError::new("v", "missing (the link's format version)"))?;
    match v.parse::<u32>() {
        Ok(LINK_VERSION) => {}
        Ok(n) if n > LINK_VERSION => {
            return Err(LinkError::new(
                "v",
                format!(
                    "version {n} is newer than this GIL Lab reads ({LINK_VERSION}); open the link in a newer GIL Lab"
                ),
            ));
        }
        _ => {
            return Err(LinkError::new(
                "v",
                format!(
                    "\"{}\" is not a link version this GIL Lab reads ({LINK_VERSION})",
                    clip(v)
                ),
            ));
        }
    }
    let s = s.ok_or_else(|| LinkError::new("s", "missing (the link's state)"))?;
    let link = unpack(s)?;
    let scenario = resolve(&link)?;
    Ok((view, Some(Opened { link, scenario })))
}

/// Text from the link, cut to 40 characters for an error message (a hostile link may carry
/// kilobytes where a name goes).
fn clip(text: &str) -> String {
    const MAX: usize = 40;
    match text.char_indices().nth(MAX) {
        None => text.to_string(),
        Some((cut, _)) => format!("{}…", &text[..cut]),
    }
}

/// `DATA` to the state's fields, checked for shape: base64url, then zlib (capped), then JSON.
fn unpack(s: &str) -> Result<SimLink, LinkError> {
    let packed = URL_SAFE_NO_PAD.decode(s).map_err(|e| {
        LinkError::new(
            "s",
            match e {
                base64::DecodeError::InvalidLength(_)
                | base64::DecodeError::InvalidLastSymbol { .. } => {
                    "the data is cut short (was the whole link copied?)".to_string()
                }
                base64::DecodeError::InvalidByte(at, b) => format!(
                    "not a link's data: byte {} (0x{b:02x}) is not base64url",
                    at + 1
                ),
                other => format!("not a link's data (base64url): {other}"),
            },
        )
    })?;
    let json = miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(&packed, MAX_JSON_BYTES)
        .map_err(|e| match e.status {
            TINFLStatus::HasMoreOutput => LinkError::new(
                "s",
                format!(
                    "the data unpacks to more than {MAX_JSON_BYTES} bytes (cap MAX_JSON_BYTES)"
                ),
            ),
            TINFLStatus::FailedCannotMakeProgress => {
                LinkError::new("s", "the data is cut short (was the whole link copied?)")
            }
            _ => LinkError::new("s", "the data is damaged (was the whole link copied?)"),
        })?;
    let de = &mut serde_json::Deserializer::from_slice(&json);
    let link: SimLink = serde_path_to_error::deserialize(&mut *de).map_err(|e| {
        let path = e.path().to_string();
        let field = if path == "." || path == "?" {
            "s".to_string()
        } else if path.starts_with('[') {
            format!("s{path}")
        } else {
            format!("s.{path}")
        };
        LinkError::new(field, e.into_inner().to_string())
    })?;
    de.end()
        .map_err(|e| LinkError::new("s", format!("unexpected data after the state ({e})")))?;
    Ok(link)
}

/// Checks the state's values and builds its scenario.
fn resolve(link: &SimLink) -> Result<Scenario, LinkError> {
    if link.t_ns > MAX_SIM_NS {
        return Err(LinkError::new(
            "s.t_ns",
            format!("{} is past the longest run ({MAX_SIM_NS} ns)", link.t_ns),
        ));
    }
    if let Some(w) = link.window
        && (w.t0_ns >= w.t1_ns || w.t1_ns > MAX_SIM_NS)
    {
        return Err(LinkError::new(
            "s.window",
            format!(
                "[{}, {}] is not a window (need t0_ns < t1_ns <= {MAX_SIM_NS})",
                w.t0_ns, w.t1_ns
            ),
        ));
    }
    if !SPEED_MILLI.contains(&link.speed_milli) {
        return Err(LinkError::new(
            "s.speed_milli",
            format!(
                "{} is out of range ({} to {})",
                link.speed_milli,
                SPEED_MILLI.start(),
                SPEED_MILLI.end()
            ),
        ));
    }
    match &link.lesson {
        Lesson::Preset { name, params } => {
            let preset = presets::get(name).ok_or_else(|| {
                LinkError::new(
                    "s.lesson.preset.name",
                    format!(
                        "no lesson named \"{name}\" (lessons: {})",
                        presets::names().join(", ")
                    ),
                )
            })?;
            params.check().map_err(|e| {
                LinkError::new(format!("s.lesson.preset.params.{}", e.path), e.reason)
            })?;
            params.apply(&preset.scenario).map_err(|e| {
                LinkError::new(
                    "s.lesson.preset.params",
                    format!("the lesson cannot run with these parameters: {e}"),
                )
            })
        }
        Lesson::Program { program } => gil_sim::python::from_python(program)
            .map(|(sc, _)| sc)
            .map_err(|e| LinkError::new("s.lesson.program.program", e.to_string())),
        Lesson::Custom { scenario } => Scenario::from_json(scenario).map_err(|e| {
            let field = if e.path.is_empty() {
                "s.lesson.custom.scenario".to_string()
            } else {
                format!("s.lesson.custom.scenario.{}", e.path)
            };
            LinkError::new(field, e.reason)
        }),
    }
}
