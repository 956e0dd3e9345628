//! README.md's quick start must be the crate documentation's quick start, which rustdoc compiles
//! and runs: a README example that no longer builds would otherwise go unnoticed.

/// The first ```rust block of README.md.
fn readme_quick_start() -> String {
    let readme = include_str!("../README.md");
    let start = readme.find("```rust\n").expect("README has a rust block") + "```rust\n".len();
    let len = readme[start..].find("```").expect("closed block");
    readme[start..start + len].to_owned()
}

/// The crate docs' quick start code block, with the `//! ` prefixes removed.
fn lib_quick_start() -> String {
    let docs: String = include_str!("../src/lib.rs")
        .lines()
        .filter_map(|l| l.strip_prefix("//!"))
        .map(|l| format!("{}\n", l.strip_prefix(' ').unwrap_or(l)))
        .collect();
    let section = &docs[docs.find("# Quick start").expect("quick start section")..];
    let start = section.find("```\n").expect("code block") + "```\n".len();
    let len = section[start..].find("```").expect("closed block");
    section[start..start + len].to_owned()
}

#[test]
fn readme_quick_start_is_the_doctest() {
    let readme = readme_quick_start();
    assert!(readme.contains("RunMicrovm::decode_into"), "{readme}");
    assert_eq!(readme, lib_quick_start());
}
