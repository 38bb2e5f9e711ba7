//! What CPython 3.11's parser refuses that Ruff's reads: an f-string whose format spec holds a
//! replacement field whose own format spec holds another (`f"{x:{y:{z}}}"`: "f-string:
//! expressions nested too deeply"). Found by comparing the two parsers (`tests/parse.rs`).

use ruff_python_ast::visitor::{Visitor, walk_expr, walk_stmt};
use ruff_python_ast::{Expr, InterpolatedStringElement, ModModule, Stmt};
use ruff_text_size::{Ranged, TextSize};

/// The place and words of the first such construct, if any.
pub(super) fn refused(module: &ModModule) -> Option<(TextSize, &'static str)> {
    let mut v = Specs {
        depth: 0,
        found: None,
    };
    for s in &module.body {
        v.visit_stmt(s);
    }
    v.found
}

/// Walks the tree counting how deep in format specs it is.
struct Specs {
    depth: u32,
    found: Option<(TextSize, &'static str)>,
}

impl<'a> Visitor<'a> for Specs {
    fn visit_stmt(&mut self, s: &'a Stmt) {
        if self.found.is_none() {
            walk_stmt(self, s);
        }
    }

    fn visit_expr(&mut self, e: &'a Expr) {
        if self.found.is_none() {
            walk_expr(self, e);
        }
    }

    fn visit_interpolated_string_element(&mut self, e: &'a InterpolatedStringElement) {
        let InterpolatedStringElement::Interpolation(i) = e else {
            return;
        };
        if self.depth >= 2 {
            self.found = Some((
                i.range().start(),
                "f-string: expressions nested too deeply (a format spec's field holds another format spec)",
            ));
            return;
        }
        self.visit_expr(&i.expression);
        if let Some(spec) = &i.format_spec {
            self.depth += 1;
            for el in &spec.elements {
                self.visit_interpolated_string_element(el);
            }
            self.depth -= 1;
        }
    }
}
