//! Test helper shared by every provider: walks `tests/fixtures/<provider>/`, normalizes each recorded
//! response `X.json` and compares the result with its sibling `X.expected.json`.
//!
//! The expected file holds either the full serialized [`Verification`] (compared as `serde_json::Value`, so
//! key order does not matter and every field, `raw` included, is checked) or `{"error": "<error code>"}`
//! when normalization must fail. A response without an expected file fails the test.
//!
//! Set `EKYC_BLESS=1` to (re)write the expected files from the current output; review the diff before
//! committing it.
//!
//! Declared once in `providers/mod.rs` (test-only); providers use it as `crate::providers::fixtures_test`.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use crate::error::Result;
use crate::model::Verification;

/// One recorded response.
#[derive(Debug, Clone)]
pub(crate) struct Fixture {
    /// Path relative to the provider folder, e.g. `passive-liveness/successful.json`.
    pub rel: PathBuf,
    /// The parsed response.
    pub input: Value,
}

/// The absolute path of `tests/fixtures/<provider>`.
pub(crate) fn provider_dir(provider: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("fixtures").join(provider)
}

/// Every response fixture under `tests/fixtures/<provider>/` (recursively, sorted), skipping the folders
/// named in `skip_dirs` (e.g. signing vectors) and the `*.expected.json` files themselves.
pub(crate) fn load(provider: &str, skip_dirs: &[&str]) -> Vec<Fixture> {
    let root = provider_dir(provider);
    let mut files = Vec::new();
    collect(&root, &root, skip_dirs, &mut files);
    files.sort();
    files
        .into_iter()
        .map(|rel| {
            let text = fs::read_to_string(root.join(&rel)).unwrap_or_else(|e| panic!("{}: {e}", rel.display()));
            let input = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: invalid JSON: {e}", rel.display()));
            Fixture { rel, input }
        })
        .collect()
}

fn collect(root: &Path, dir: &Path, skip_dirs: &[&str], out: &mut Vec<PathBuf>) {
    let entries = fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("readable directory entry").path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
        if path.is_dir() {
            if !skip_dirs.contains(&name.as_str()) {
                collect(root, &path, skip_dirs, out);
            }
        } else if name.ends_with(".json") && !name.ends_with(".expected.json") {
            out.push(path.strip_prefix(root).expect("under root").to_path_buf());
        }
    }
}

/// The expected-file path of a fixture: `X.json` → `X.expected.json`.
fn expected_path(provider: &str, rel: &Path) -> PathBuf {
    let stem = rel.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
    provider_dir(provider).join(rel.with_file_name(format!("{stem}.expected.json")))
}

/// What the normalization produced, in the expected-file form.
fn outcome(result: &Result<Verification>) -> Value {
    match result {
        Ok(v) => serde_json::to_value(v).expect("Verification serializes"),
        Err(e) => json!({ "error": e.code.as_str() }),
    }
}

/// Normalizes every fixture of `provider` with `run` and compares with the expected files. Returns the
/// fixtures checked (so a caller can run further property checks on them). Panics listing every mismatch.
pub(crate) fn check_all(
    provider: &str,
    skip_dirs: &[&str],
    run: impl Fn(&Fixture) -> Result<Verification>,
) -> Vec<Fixture> {
    let bless = std::env::var_os("EKYC_BLESS").is_some();
    let fixtures = load(provider, skip_dirs);
    assert!(!fixtures.is_empty(), "no fixtures under {}", provider_dir(provider).display());
    let mut failures = Vec::new();
    for fx in &fixtures {
        let got = outcome(&run(fx));
        let path = expected_path(provider, &fx.rel);
        let expected: Option<Value> =
            fs::read_to_string(&path).ok().map(|t| serde_json::from_str(&t).expect("expected file is JSON"));
        if expected.as_ref() == Some(&got) {
            continue;
        }
        if bless {
            let text = serde_json::to_string_pretty(&got).expect("serializes") + "\n";
            fs::write(&path, text).expect("write expected file");
            continue;
        }
        match expected {
            None => failures.push(format!("{}: no expected file; got\n{got:#}", fx.rel.display())),
            Some(exp) => failures.push(format!("{}:\nexpected {exp:#}\n     got {got:#}", fx.rel.display())),
        }
    }
    assert!(failures.is_empty(), "{} fixture(s) differ:\n{}", failures.len(), failures.join("\n\n"));
    fixtures
}

/// A copy of `v` with unknown fields added to every object (recursively), to check that extra fields
/// never change the outcome.
pub(crate) fn with_extra_fields(v: &Value) -> Value {
    match v {
        Value::Object(m) => {
            let mut out: serde_json::Map<String, Value> =
                m.iter().map(|(k, v)| (k.clone(), with_extra_fields(v))).collect();
            out.insert("zzUnknownField".into(), json!({"nested": [1, "two", null]}));
            out.insert("anotherNewThing".into(), json!("surprise"));
            Value::Object(out)
        }
        Value::Array(a) => Value::Array(a.iter().map(with_extra_fields).collect()),
        other => other.clone(),
    }
}

/// `v` with the string at the JSON pointer `pointer` replaced by `value`; `None` when there is no string there.
pub(crate) fn with_string_at(v: &Value, pointer: &str, value: &str) -> Option<Value> {
    let mut out = v.clone();
    let slot = out.pointer_mut(pointer)?;
    if !slot.is_string() {
        return None;
    }
    *slot = Value::String(value.to_string());
    Some(out)
}

/// The property every provider's tests check on all its fixtures: adding unknown fields everywhere (see
/// [`with_extra_fields`]) never changes the outcome — the same `Verification` but for `raw`, or the same error
/// code. `restore` names JSON pointers whose original value is put back (where an extra field would be data).
pub(crate) fn assert_extra_fields_change_nothing(
    fixtures: &[Fixture],
    restore: &[&str],
    run: impl Fn(&Fixture) -> Result<Verification>,
) {
    for fx in fixtures {
        let mut input = with_extra_fields(&fx.input);
        for pointer in restore {
            if let (Some(orig), Some(slot)) = (fx.input.pointer(pointer), input.pointer_mut(pointer)) {
                *slot = orig.clone();
            }
        }
        match (run(fx), run(&Fixture { input, ..fx.clone() })) {
            (Ok(base), Ok(mut got)) => {
                got.raw = base.raw.clone();
                assert_eq!(got, base, "{}", fx.rel.display());
            }
            (Err(a), Err(b)) => assert_eq!(a.code, b.code, "{}", fx.rel.display()),
            (a, b) => panic!("{}: {a:?} vs {b:?}", fx.rel.display()),
        }
    }
}

/// The other shared property: any of `values` (unknown enum values, failing face results) at any of `pointers`
/// never yields `approved`, and never makes a fixture that normalizes throw.
pub(crate) fn assert_values_never_approve(
    fixtures: &[Fixture],
    pointers: &[&str],
    values: &[&str],
    run: impl Fn(&Fixture) -> Result<Verification>,
) {
    for fx in fixtures {
        let base_ok = run(fx).is_ok();
        for pointer in pointers {
            for value in values {
                let Some(input) = with_string_at(&fx.input, pointer, value) else { continue };
                match run(&Fixture { input, ..fx.clone() }) {
                    Ok(v) => assert_ne!(
                        v.decision,
                        crate::model::Decision::Approved,
                        "{} {pointer}={value}",
                        fx.rel.display()
                    ),
                    Err(e) => assert!(!base_ok, "{} {pointer}={value}: {e}", fx.rel.display()),
                }
            }
        }
    }
}
