//! docs/model.md must say what the code does: its table of defaults is checked against the
//! `Default` impls (every documented default equals the code's, and every defaulted field of
//! `machine`, `os`, `runtime` and `start_costs` is documented).

use std::collections::BTreeMap;

use gil_sim::{Machine, Os, Runtime, StartCosts};
use serde_json::{Value, json};

const MODEL_MD: &str = include_str!("../../../docs/model.md");

/// `4 ms` -> 4_000_000; `2.7 µs` -> 2_700; `100` -> 100.
fn duration_or_number(text: &str) -> Option<u64> {
    let text = text.trim();
    let (num, unit) = match text.split_once(' ') {
        Some((n, u)) => (n, u.trim()),
        None => (text, ""),
    };
    let scale = match unit {
        "" | "ns" => 1.0,
        "µs" | "us" => 1e3,
        "ms" => 1e6,
        "s" => 1e9,
        _ => return None,
    };
    let v: f64 = num.parse().ok()?;
    Some((v * scale).round() as u64)
}

/// The value a table cell documents, as JSON.
fn documented(cell: &str) -> Option<Value> {
    let cell = cell.trim();
    if let Some(s) = cell.strip_prefix('`').and_then(|c| c.strip_suffix('`')) {
        // A number or a list as JSON (`2`, `[]`); else a name (`random`).
        return Some(serde_json::from_str(s).unwrap_or_else(|_| Value::String(s.to_string())));
    }
    if let Some((p, c)) = cell
        .strip_prefix("parent ")
        .and_then(|c| c.split_once(", child "))
    {
        return Some(
            json!({"parent_ns": duration_or_number(p)?, "child_ns": duration_or_number(c)?}),
        );
    }
    duration_or_number(cell).map(Value::from)
}

/// The defaults table of docs/model.md §1: field path -> documented cell.
fn table() -> BTreeMap<String, String> {
    let mut rows = BTreeMap::new();
    for line in MODEL_MD.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        if cells.len() < 4 || !cells[1].starts_with('`') {
            continue;
        }
        for field in cells[1].split(", ") {
            let field = field.trim_matches('`');
            if ["machine.", "os.", "runtime.", "start_costs."]
                .iter()
                .any(|p| field.starts_with(p))
            {
                rows.insert(field.to_string(), cells[2].to_string());
            }
        }
    }
    rows
}

/// Every defaulted field (leaves; a start cost is one leaf) and its default, as JSON.
fn defaults() -> BTreeMap<String, Value> {
    fn walk(prefix: &str, v: &Value, out: &mut BTreeMap<String, Value>) {
        match v {
            Value::Object(m) if !m.contains_key("parent_ns") => {
                for (k, v) in m {
                    walk(&format!("{prefix}.{k}"), v, out);
                }
            }
            _ => {
                out.insert(prefix.to_string(), v.clone());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(
        "machine",
        &serde_json::to_value(Machine::default()).unwrap(),
        &mut out,
    );
    walk(
        "os",
        &serde_json::to_value(Os::default()).unwrap(),
        &mut out,
    );
    walk(
        "runtime",
        &serde_json::to_value(Runtime::default()).unwrap(),
        &mut out,
    );
    walk(
        "start_costs",
        &serde_json::to_value(StartCosts::default()).unwrap(),
        &mut out,
    );
    // Fields a file leaves out at their default (so that older apps still read it).
    let (m, o, s) = (Machine::default(), Os::default(), StartCosts::default());
    for (k, v) in [
        (
            "machine.parallel_efficiency_permille",
            json!(m.parallel_efficiency_permille),
        ),
        ("os.migration_ns", json!(o.migration_ns)),
        ("start_costs.main_import_ns", json!(s.main_import_ns)),
        (
            "start_costs.resource_tracker_ns",
            json!(s.resource_tracker_ns),
        ),
    ] {
        assert!(
            out.insert(k.to_string(), v).is_none(),
            "{k} is written after all"
        );
    }
    out
}

#[test]
fn the_defaults_table_matches_the_default_impls() {
    let table = table();
    let defaults = defaults();
    assert!(
        table.len() > 20,
        "the defaults table was not found in docs/model.md"
    );
    let mut wrong = Vec::new();
    for (field, cell) in &table {
        match (defaults.get(field), documented(cell)) {
            (None, _) => wrong.push(format!("{field}: documented but not a field")),
            (Some(_), None) => wrong.push(format!("{field}: cannot read the documented {cell:?}")),
            (Some(code), Some(doc)) if *code != doc => wrong.push(format!(
                "{field}: docs say {cell} ({doc}), code says {code}"
            )),
            _ => {}
        }
    }
    for field in defaults.keys() {
        if !table.contains_key(field) {
            wrong.push(format!(
                "{field}: has a default in code but no row in docs/model.md"
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "docs/model.md §1 disagrees with the code:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_table_reader_reads_what_it_should() {
    assert_eq!(documented("4 ms"), Some(json!(4_000_000)));
    assert_eq!(documented("2.7 µs"), Some(json!(2_700)));
    assert_eq!(documented("`random`"), Some(json!("random")));
    assert_eq!(
        documented("parent 1 ms, child 1.5 ms"),
        Some(json!({"parent_ns": 1_000_000, "child_ns": 1_500_000}))
    );
    assert_eq!(documented("the caps"), None);
}
