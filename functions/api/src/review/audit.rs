//! What the audit trail records of a reviewer's looks: every route that shows an
//! application's answers or a document, or exports applications, records it through a
//! [`Viewer`] first (`applications::audit`).

use crate::app::App;
use crate::client::address;
use crate::reply::{Failure, OrFail, Reply};
use crate::reviewers::token::Claims;
use applications::audit::{Action, Entry};
use axum::http::request::Parts;

/// Who is shown an application, from where: what the audit trail records of it.
#[derive(Clone, Copy)]
pub(super) struct Viewer<'a> {
    pub app: &'a App,
    pub parts: &'a Parts,
    pub me: &'a Claims,
}

impl Viewer<'_> {
    /// Record `action` on `reference` in its trail. Nothing is shown or sent that was
    /// not recorded first: if the store cannot record it, the answer is the store's
    /// error.
    pub(super) async fn record(
        &self,
        reply: &Reply,
        reference: &str,
        action: Action,
    ) -> Result<(), Failure> {
        let entry = Entry::staff(reference, &self.me.sub, address(self.parts), action);
        self.record_all(reply, vec![entry]).await
    }

    /// Record `entries` (an export's, one an application) before anything is sent.
    pub(super) async fn record_all(
        &self,
        reply: &Reply,
        entries: Vec<Entry>,
    ) -> Result<(), Failure> {
        self.app.store.record(entries).await.or_fail(reply)
    }
}
