//! The notification texts: only the placeholders the portal fills in.

use super::Validator;
use crate::diagnostic::{Diagnostic, Kind};
use crate::lang::Lang;
use crate::notification::PLACEHOLDERS;
use crate::yaml_error::suggest;
use std::path::Path;

impl Validator<'_> {
    pub(super) fn notifications(&mut self) {
        let f = Path::new("notifications.yaml");
        for (event, t) in &self.content.notifications.events {
            for (part, text) in t.parts() {
                for lang in Lang::ALL {
                    let Some(s) = text.exact(lang) else { continue };
                    for name in crate::placeholders::names(s) {
                        if !PLACEHOLDERS.contains(&name) {
                            let allowed: Vec<String> =
                                PLACEHOLDERS.iter().map(|p| p.to_string()).collect();
                            let path = format!("events.{}.{part}.{lang}", event.as_str());
                            self.push_at(f, &path, |loc| {
                                Diagnostic::error(
                                    Kind::UnknownReference,
                                    loc,
                                    format!("the placeholder `{{{name}}}` is not one the portal fills in"),
                                )
                                .with_help(suggest(name, &allowed, "placeholder"))
                            });
                        }
                    }
                }
            }
        }
    }
}
