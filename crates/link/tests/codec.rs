//! The link codec: every state reads back to itself (a property test over every preset, random
//! parameters, playheads, windows and speeds, and custom scenarios); every broken, hostile or
//! oversized hash is an error naming its field, never a panic.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use gil_link::*;
use gil_sim::{GilMode, Params, StartMethod, presets};
use proptest::prelude::*;

fn preset_link(name: &str) -> SimLink {
    let p = presets::get(name).unwrap();
    SimLink {
        lesson: Lesson::Preset {
            name: name.into(),
            params: Params::of(&p.scenario),
        },
        t_ns: 0,
        window: None,
        speed_milli: 1_000,
        panel: None,
    }
}

/// A hash whose `s` is `json`, packed as `encode` packs it.
fn hash_of_json(json: &str) -> String {
    let packed = miniz_oxide::deflate::compress_to_vec_zlib(json.as_bytes(), 6);
    format!("#/sim?v=1&s={}", URL_SAFE_NO_PAD.encode(packed))
}

fn err(hash: &str) -> LinkError {
    match decode(hash) {
        Err(e) => e,
        Ok(o) => panic!("{hash:.80} opened: {:?}", o.map(|o| o.link)),
    }
}

#[test]
fn every_preset_with_changed_parameters_round_trips_in_a_short_link() {
    for name in presets::names() {
        let mut link = preset_link(name);
        if let Lesson::Preset { params, .. } = &mut link.lesson {
            params.cores = 3;
            params.seed = 987_654_321;
            params.gil = GilMode::Old;
            params.switch_interval_ns = 1_000_000;
            if params.workers.is_some() {
                params.workers = Some(5);
                params.start_method = Some(StartMethod::Spawn);
            }
        }
        link.t_ns = 123_456_789;
        link.window = Some(Window {
            t0_ns: 100_000_000,
            t1_ns: 150_000_000,
        });
        link.speed_milli = 20;
        let hash = encode(&link).unwrap();
        assert!(hash.len() < 300, "{name}: {} characters", hash.len());
        assert!(
            hash.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"#/?=&-_".contains(&b)),
            "{hash}"
        );
        let opened = decode(&hash).unwrap().expect("a state");
        assert_eq!(opened.link, link, "{name}");
        assert_eq!(opened.scenario.machine.cores, 3, "{name}");
        assert_eq!(opened.scenario.runtime.gil, GilMode::Old, "{name}");
    }
}

#[test]
fn a_custom_scenario_round_trips_and_runs() {
    let sc = presets::get("convoy").unwrap().scenario;
    let link = SimLink {
        lesson: Lesson::Custom {
            scenario: sc.to_json(),
        },
        t_ns: 5,
        window: None,
        speed_milli: 100,
        panel: Some(Panel::Metrics),
    };
    let hash = encode(&link).unwrap();
    let opened = decode(&hash).unwrap().unwrap();
    assert_eq!(opened.link, link);
    assert_eq!(opened.scenario, sc);
}

#[test]
fn hashes_without_state_open_nothing() {
    for h in [
        "",
        "#",
        "#/",
        "#lab",
        "#simulator",
        "#/sim",
        "/sim",
        "#/sim?",
        "#/sim?&&",
        "#/lab",
        "#/embed",
    ] {
        assert!(decode(h).unwrap().is_none(), "{h:?}");
    }
}

#[test]
fn a_hash_names_its_view_or_the_simulator() {
    for (hash, view) in [
        ("", View::Sim),
        ("#", View::Sim),
        ("#/", View::Sim),
        ("#lab", View::Sim),
        ("#/sim?v=1&s=x", View::Sim),
        ("#/lab", View::Lab),
        ("#/lab?v=1&s=x", View::Lab),
        ("#/embed?v=1", View::Embed),
        ("#/labs", View::Sim),
    ] {
        assert_eq!(View::of_hash(hash), view, "{hash:?}");
    }
}

#[test]
fn another_view_keeps_the_state() {
    assert_eq!(with_view("#/sim?v=1&s=abc", View::Lab), "#/lab?v=1&s=abc");
    assert_eq!(with_view("#/lab?v=1&s=abc", View::Sim), "#/sim?v=1&s=abc");
    assert_eq!(
        with_view("#/sim?v=1&s=abc", View::Embed),
        "#/embed?v=1&s=abc"
    );
    assert_eq!(with_view("", View::Lab), "#/lab");
    assert_eq!(with_view("#/sim?", View::Lab), "#/lab");
}

#[test]
fn every_view_carries_the_same_state() {
    let link = preset_link("convoy");
    for view in [View::Sim, View::Embed, View::Lab] {
        let hash = encode_view(view, &link).unwrap();
        assert!(
            hash.starts_with(&format!("#/{}?v=1&s=", view.path())),
            "{hash}"
        );
        let (opened_view, opened) = route(&hash).unwrap();
        assert_eq!(opened_view, view);
        assert_eq!(opened.unwrap().link, link);
    }
    assert_eq!(route("#/lab").unwrap().0, View::Lab);
    assert_eq!(route("#/embed?").unwrap().0, View::Embed);
    for plain in ["", "#", "#/", "#lab", "#/sim"] {
        assert_eq!(route(plain).unwrap().0, View::Sim, "{plain:?}");
    }
}

#[test]
fn broken_links_name_the_field() {
    let good = encode(&preset_link("convoy")).unwrap();
    let s = good.split("&s=").nth(1).unwrap();
    let long_key = format!("{}…", "k".repeat(40));
    let cases: Vec<(String, &str, &str)> = vec![
        ("#/labs?v=1".into(), "route", "no view"),
        ("#/lab?v=1".into(), "s", "missing"),
        (format!("#/embed?v=7&s={s}"), "v", "newer"),
        (format!("#/sim?s={s}"), "v", "missing"),
        ("#/sim?v=1".into(), "s", "missing"),
        (format!("#/sim?v=2&s={s}"), "v", "newer"),
        (format!("#/sim?v=one&s={s}"), "v", "not a link version"),
        (format!("#/sim?v=1&v=1&s={s}"), "v", "twice"),
        (format!("#/sim?v=1&s={s}&x=1"), "x", "unknown"),
        (
            "#/sim?v=1&s=AB*D".into(),
            "s",
            "byte 3 (0x2a) is not base64url",
        ),
        (format!("#/sim?v=1&={s}"), "query", "a part with no name"),
        (format!("#/sim?v=1s&={s}"), "query", "a part with no name"),
        (
            format!("#/sim?{}=1", "k".repeat(10_000)),
            &long_key,
            "unknown part",
        ),
        // Truncated: a link cut short when copied.
        (
            format!("#/sim?v=1&s={}", &s[..s.len() / 8 * 4]),
            "s",
            "cut short",
        ),
        (
            format!("#/sim?v=1&s={}", &s[..s.len() / 8 * 4 + 1]),
            "s",
            "cut short",
        ),
        // One character changed: the checksum catches it.
        (
            format!(
                "#/sim?v=1&s={}{}",
                &s[..s.len() - 3],
                if &s[s.len() - 3..s.len() - 2] == "A" {
                    "B"
                } else {
                    "A"
                }
            ) + &s[s.len() - 2..],
            "s",
            "damaged|cut short",
        ),
        (hash_of_json("\"x\""), "s", "invalid type"),
        (hash_of_json("[1]"), "s[0]", ""),
        (
            hash_of_json(&(serde_json::to_string(&preset_link("convoy")).unwrap() + " {}")),
            "s",
            "unexpected data after the state",
        ),
        (
            hash_of_json(
                r#"{"lesson":{"preset":{"name":"convoy","params":{}}},"t_ns":0,"speed_milli":1}"#,
            ),
            "s.lesson.preset.params",
            "missing field",
        ),
        (
            hash_of_json(
                r#"{"lesson":{"preset":{"name":"nope","params":{"cores":1,"workers":null,"switch_interval_ns":5000000,"gil":"new","start_method":null,"seed":0}}},"t_ns":0,"speed_milli":1}"#,
            ),
            "s.lesson.preset.name",
            "no lesson named \"nope\"",
        ),
        (
            hash_of_json(
                r#"{"lesson":{"preset":{"name":"convoy","params":{"cores":0,"workers":null,"switch_interval_ns":5000000,"gil":"new","start_method":null,"seed":0}}},"t_ns":0,"speed_milli":1}"#,
            ),
            "s.lesson.preset.params.cores",
            "out of range",
        ),
        (
            hash_of_json(
                r#"{"lesson":{"custom":{"scenario":"{\"version\":1,\"machine\":{\"cores\":0},\"processes\":[]}"}},"t_ns":0,"speed_milli":1}"#,
            ),
            "s.lesson.custom.scenario.machine.cores",
            "",
        ),
        (
            hash_of_json(
                r#"{"lesson":{"custom":{"scenario":"{}"}},"t_ns":0,"speed_milli":1,"window":{"t0_ns":5,"t1_ns":5}}"#,
            ),
            "s.window",
            "not a window",
        ),
        (
            hash_of_json(r#"{"lesson":{"custom":{"scenario":"{}"}},"t_ns":0,"speed_milli":0}"#),
            "s.speed_milli",
            "out of range",
        ),
        (
            hash_of_json(
                r#"{"lesson":{"custom":{"scenario":"{}"}},"t_ns":0,"speed_milli":1,"evil":1}"#,
            ),
            "s.evil",
            "unknown field",
        ),
    ];
    for (hash, field, words) in cases {
        let e = err(&hash);
        assert_eq!(e.field, field, "{hash:.100}: {e}");
        assert!(
            words.split('|').any(|w| e.reason.contains(w)),
            "{hash:.100}: {e}"
        );
        let shown = e.to_string();
        assert!(!shown.contains('\n') && !shown.contains('\r'), "{shown}");
    }
}

#[test]
fn huge_links_are_refused_before_and_while_unpacking() {
    let e = err(&format!("#/sim?v=1&s={}", "A".repeat(MAX_HASH_BYTES)));
    assert!(e.reason.contains("MAX_HASH_BYTES"), "{e}");
    // A zip bomb: 64 MiB of spaces packs to about 64 KB; unpacking stops at the cap.
    let bomb = vec![b' '; 64 << 20];
    let packed = miniz_oxide::deflate::compress_to_vec_zlib(&bomb, 9);
    let hash = format!("#/sim?v=1&s={}", URL_SAFE_NO_PAD.encode(packed));
    assert!(hash.len() < MAX_HASH_BYTES, "{}", hash.len());
    let e = err(&hash);
    assert_eq!(e.field, "s");
    assert!(e.reason.contains("MAX_JSON_BYTES"), "{e}");
}

#[test]
fn a_state_too_big_for_a_link_is_an_error_that_says_to_save_a_file() {
    // Noise does not pack: 40 KB of hex digits after a scenario.
    let mut noisy = String::from("{\"version\":1,\"machine\":{\"cores\":1},\"processes\":[]}");
    let mut x: u64 = 1;
    while noisy.len() < 40_000 {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        noisy.push_str(&format!("{x:016x}"));
    }
    let link = SimLink {
        lesson: Lesson::Custom { scenario: noisy },
        t_ns: 0,
        window: None,
        speed_milli: 1,
        panel: None,
    };
    let e = encode(&link).unwrap_err();
    assert!(e.reason.contains("save the scenario as a file"), "{e}");
}

fn any_params(base: Params) -> impl Strategy<Value = Params> {
    (
        1u32..=64,
        proptest::option::of(1u32..=64),
        1_000u64..=1_000_000_000,
        prop_oneof![
            Just(GilMode::New),
            Just(GilMode::Old),
            Just(GilMode::FreeThreaded),
            Just(GilMode::PerInterpreter)
        ],
        prop_oneof![
            Just(StartMethod::Fork),
            Just(StartMethod::Forkserver),
            Just(StartMethod::Spawn)
        ],
        any::<u64>(),
    )
        .prop_map(move |(cores, workers, si, gil, sm, seed)| Params {
            cores,
            workers: base.workers.and(workers.or(base.workers)),
            switch_interval_ns: si,
            gil,
            start_method: base.start_method.map(|_| sm),
            seed,
        })
}

fn any_link() -> impl Strategy<Value = SimLink> {
    let names = presets::names();
    (0..names.len())
        .prop_flat_map(move |i| {
            let name = names[i];
            let base = Params::of(&presets::get(name).unwrap().scenario);
            (
                Just(name),
                any_params(base),
                any::<bool>(),
                0..=gil_sim::MAX_SIM_NS,
                proptest::option::of((0..gil_sim::MAX_SIM_NS, 1..=1_000_000_000u64)),
                SPEED_MILLI,
                proptest::option::of(0..Panel::ALL.len()),
            )
        })
        .prop_map(|(name, params, custom, t_ns, window, speed_milli, panel)| {
            let lesson = if custom {
                let sc = params.apply(&presets::get(name).unwrap().scenario).unwrap();
                Lesson::Custom {
                    scenario: sc.to_json(),
                }
            } else {
                Lesson::Preset {
                    name: name.into(),
                    params,
                }
            };
            SimLink {
                lesson,
                t_ns,
                window: window.map(|(t0, w)| Window {
                    t0_ns: t0,
                    t1_ns: (t0 + w).min(gil_sim::MAX_SIM_NS).max(t0 + 1),
                }),
                speed_milli,
                panel: panel.map(|i| Panel::ALL[i]),
            }
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn any_state_encodes_and_decodes_to_itself(link in any_link()) {
        // Presets are valid with any offered parameters (up to 64 workers): those that make a
        // too-long run are the browser's concern (its event cap), not the link's.
        match encode(&link) {
            Ok(hash) => {
                let opened = decode(&hash).unwrap().unwrap();
                prop_assert_eq!(opened.link, link);
            }
            Err(e) => prop_assert!(e.reason.contains("save the scenario as a file"), "{}", e),
        }
    }

    #[test]
    fn any_string_is_an_error_or_a_state_and_never_a_panic(s in "\\PC{0,200}") {
        for hash in [s.clone(), format!("#/sim?{s}"), format!("#/sim?v=1&s={s}")] {
            if let Err(e) = decode(&hash) {
                prop_assert!(!e.to_string().contains('\n'));
            }
        }
    }
}

#[test]
fn the_panel_is_optional_and_checked() {
    let mut link = preset_link("convoy");
    link.panel = Some(Panel::Compare);
    let hash = encode(&link).unwrap();
    assert_eq!(
        decode(&hash).unwrap().unwrap().link.panel,
        Some(Panel::Compare)
    );
    // A link written before panels existed has no "panel" at all, and opens with none.
    let old = serde_json::to_string(&preset_link("convoy")).unwrap();
    assert!(!old.contains("panel"), "{old}");
    let opened = decode(&hash_of_json(&old)).unwrap().unwrap();
    assert_eq!(opened.link.panel, None);
    let bad = old.replacen('{', r#"{"panel":"charts","#, 1);
    let e = decode(&hash_of_json(&bad)).unwrap_err();
    assert_eq!(e.field, "s.panel", "{e}");
}

#[test]
fn a_program_round_trips_with_its_comments_and_a_broken_one_names_its_line() {
    let text = gil_sim::python::to_python(&presets::get("convoy").unwrap().scenario)
        .text
        .replace(
            "def cruncher():",
            "# The CPU-bound thread that holds the GIL.\ndef cruncher():",
        );
    let link = SimLink {
        lesson: Lesson::Program {
            program: text.clone(),
        },
        ..preset_link("convoy")
    };
    let hash = encode(&link).unwrap();
    assert!(
        hash.len() < 2_000,
        "a classroom program makes a short link: {}",
        hash.len()
    );
    let opened = decode(&hash).unwrap().unwrap();
    assert_eq!(opened.link, link, "the text itself, comments and all");
    assert_eq!(opened.scenario, presets::get("convoy").unwrap().scenario);
    let broken = SimLink {
        lesson: Lesson::Program {
            program: text.replace("cpu(10)", "cpu(10"),
        },
        ..preset_link("convoy")
    };
    let e = err(&encode(&broken).unwrap());
    assert_eq!(e.field, "s.lesson.program.program");
    assert!(e.reason.starts_with("line "), "{e}");
}
