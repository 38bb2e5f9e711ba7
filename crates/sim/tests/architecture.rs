//! The shape docs/architecture.md describes, checked: the modules of `gil-sim` form the layers
//! below (each uses only layers under it, so there is no import cycle), the model and the
//! kernels have no web dependencies, and no source file of the model, the CLI or the app
//! outgrows one job (600 lines).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");

/// `gil-sim`'s top-level modules, lowest layer first. A module may use its own layer's
/// siblings only where listed in `SAME_LAYER`, and any module of a lower layer.
const LAYERS: &[&[&str]] = &[
    &["rng", "queue"],
    &["scenario"],
    &["trace", "presets", "stress", "python", "profile"],
    &["engine", "metrics", "invariants", "params"],
    &["compare", "narrate", "export", "measured", "calibration"],
];
/// Uses within one layer that are allowed (user, used).
const SAME_LAYER: &[(&str, &str)] = &[];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file of `crates/sim/src` belongs to (`None` for lib.rs).
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).unwrap();
    let first = rel
        .components()
        .next()?
        .as_os_str()
        .to_string_lossy()
        .to_string();
    let name = first.trim_end_matches(".rs").to_string();
    (name != "lib").then_some(name)
}

/// The top-level modules a file refers to as `crate::NAME` in code (comments are skipped).
fn uses(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(i) = rest.find("crate::") {
            rest = &rest[i + "crate::".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if name.chars().next().is_some_and(|c| c.is_ascii_lowercase()) {
                out.insert(name);
            }
        }
    }
    out
}

#[test]
fn the_model_modules_form_layers_with_no_cycle() {
    let src = Path::new(ROOT).join("crates/sim/src");
    let layer_of: BTreeMap<&str, usize> = LAYERS
        .iter()
        .enumerate()
        .flat_map(|(i, l)| l.iter().map(move |m| (*m, i)))
        .collect();
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut wrong = Vec::new();
    for file in &files {
        let Some(module) = module_of(&src, file) else {
            continue;
        };
        let Some(&mine) = layer_of.get(module.as_str()) else {
            wrong.push(format!(
                "{}: module {module} is in no layer",
                file.display()
            ));
            continue;
        };
        for used in uses(&fs::read_to_string(file).unwrap()) {
            if used == module {
                continue;
            }
            // `crate::Name` re-exports resolve to their module through lib.rs; only modules count.
            let Some(&theirs) = layer_of.get(used.as_str()) else {
                continue;
            };
            let allowed = theirs < mine
                || (theirs == mine && SAME_LAYER.contains(&(module.as_str(), used.as_str())));
            if !allowed {
                wrong.push(format!(
                    "{} (layer {mine}, {module}) uses crate::{used} (layer {theirs})",
                    file.strip_prefix(ROOT).unwrap_or(file).display()
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "layering broken:\n{}", wrong.join("\n"));
}

#[test]
fn the_reader_of_uses_finds_modules_and_skips_comments() {
    let u = uses(
        "use crate::scenario::{Step};\n// crate::engine is mentioned\nlet x = crate::trace::MAX;",
    );
    assert_eq!(
        u,
        BTreeSet::from(["scenario".to_string(), "trace".to_string()])
    );
}

#[test]
fn the_model_the_kernels_and_the_link_codec_have_no_web_dependencies() {
    for krate in [
        "crates/sim/Cargo.toml",
        "crates/work/Cargo.toml",
        "crates/sim-cli/Cargo.toml",
        "crates/link/Cargo.toml",
        "crates/python/Cargo.toml",
    ] {
        let text = fs::read_to_string(Path::new(ROOT).join(krate)).unwrap();
        for web in [
            "wasm-bindgen",
            "web-sys",
            "js-sys",
            "yew",
            "gloo",
            "gil-lab",
        ] {
            assert!(
                !text.lines().any(|l| l.trim_start().starts_with(web)),
                "{krate} depends on {web}"
            );
        }
    }
}

#[test]
fn no_source_file_of_the_model_the_cli_or_the_app_is_over_600_lines() {
    let mut files = Vec::new();
    for dir in [
        "crates/sim/src",
        "crates/sim-cli/src",
        "crates/link/src",
        "crates/python/src",
        "src",
    ] {
        rust_files(&Path::new(ROOT).join(dir), &mut files);
    }
    let long: Vec<String> = files
        .iter()
        .filter_map(|f| {
            let n = fs::read_to_string(f).unwrap().lines().count();
            (n > 600).then(|| format!("{}: {n} lines", f.display()))
        })
        .collect();
    assert!(
        long.is_empty(),
        "split these along their seams:\n{}",
        long.join("\n")
    );
}
