//! Golden diagnostics: each broken rules file in engine/tests/data/rules/diag/NAME.yaml is loaded
//! alone and its rendered diagnostics are compared with NAME.expected.
//! Run with UPDATE_GOLDEN=1 to rewrite the expected files.

use std::path::PathBuf;

use syssentry_engine::rules::Loader;

#[test]
fn golden_diagnostics() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/rules/diag");
    let update = std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1");
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    inputs.sort();
    assert!(
        inputs.len() >= 20,
        "expected the golden corpus, found {}",
        inputs.len()
    );
    let mut mismatches = Vec::new();
    for input in &inputs {
        let name = input.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(input).unwrap();
        let mut loader = Loader::new();
        loader.add_source(format!("diag/{name}"), bytes);
        let out = loader.load();
        assert!(
            !out.diagnostics.is_empty(),
            "{name}: a golden file must produce diagnostics"
        );
        let rendered = out.diagnostics.render(&out.sources);
        let expected_path = input.with_extension("expected");
        if update {
            std::fs::write(&expected_path, &rendered).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_else(|_| {
            panic!(
                "{} missing; run with UPDATE_GOLDEN=1",
                expected_path.display()
            )
        });
        if expected != rendered {
            mismatches.push(format!(
                "=== {name}\n--- expected\n{expected}\n--- got\n{rendered}"
            ));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}
