//! The service model: its tables (generated from `shared/aws-model` by `make generate`), and
//! the one walker that reads JS input and service output through them.
//!
//! Data flows one way: JS JSON text -> [`walk::read_input`] (shape, types, constraints) ->
//! [`walk::write_wire`] (awsJson1_1 body). Responses come back through [`walk::write_output`]
//! as camelCase JSON text for the wasm layer to revive.

use alloc::string::String;

pub mod schema;
pub mod tables;
pub mod walk;

#[cfg(test)]
mod walk_tests;

pub use tables::Operation;

/// A member that breaks the model. `field` is the path as the caller wrote it in JS
/// (`usageRecords[3].usageAllocations[0].tags[1].key`); `rule` says what is expected. Neither
/// ever contains the member's value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidationError {
    pub field: String,
    pub rule: String,
}

impl ValidationError {
    /// The whole input has no path of its own; it is called `input`.
    pub(crate) fn at(path: &Path<'_>, rule: impl Into<String>) -> Self {
        let mut field = path.render();
        if field.is_empty() {
            field.push_str("input");
        }
        ValidationError {
            field,
            rule: rule.into(),
        }
    }
}

/// Where a member sits in an input or a response, built on the stack as the walker goes down
/// and rendered to text only when an error needs it (`usageRecords[3].usageAllocations[0]`).
#[derive(Clone, Copy, Debug)]
pub(crate) enum Path<'a> {
    Root,
    Member(&'a Path<'a>, &'a str),
    Index(&'a Path<'a>, usize),
}

impl<'a> Path<'a> {
    pub(crate) fn member(&'a self, name: &'a str) -> Path<'a> {
        Path::Member(self, name)
    }

    pub(crate) fn index(&'a self, i: usize) -> Path<'a> {
        Path::Index(self, i)
    }

    pub(crate) fn render(&self) -> String {
        let mut out = String::new();
        self.render_into(&mut out);
        out
    }

    // Depth is bounded by the model's nesting (a handful of levels), not by the input.
    fn render_into(&self, out: &mut String) {
        match self {
            Path::Root => {}
            Path::Member(parent, name) => {
                parent.render_into(out);
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(name);
            }
            Path::Index(parent, i) => {
                parent.render_into(out);
                out.push('[');
                crate::json::write_u64(out, *i as u64);
                out.push(']');
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_render_as_written_in_js() {
        let root = Path::Root;
        let records = root.member("usageRecords");
        let rec = records.index(3);
        let allocs = rec.member("usageAllocations");
        let alloc = allocs.index(0);
        let tags = alloc.member("tags");
        let tag = tags.index(1);
        assert_eq!(
            tag.member("key").render(),
            "usageRecords[3].usageAllocations[0].tags[1].key"
        );
        assert_eq!(Path::Root.render(), "");
    }
}
