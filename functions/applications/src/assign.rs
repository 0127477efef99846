//! Taking or releasing an application through the store, in one conditional write
//! ([`crate::store::change`]): the rules are in [`crate::assignment`].

use crate::assignment::{AssignmentError, Reviewer};
use crate::audit::{Action, Entry};
use crate::store::change::{Changed, change};
use crate::store::{Store, StoreError};

/// What a reviewer does about holding an application.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Assignment {
    Take,
    Release,
}

/// Take or release `reference`, in one conditional write; `from` is the reviewer's
/// network address, for the audit trail.
pub async fn assign(
    store: &dyn Store,
    reference: &str,
    what: Assignment,
    who: Reviewer<'_>,
    from: Option<String>,
) -> Result<Changed<AssignmentError>, StoreError> {
    let action = match what {
        Assignment::Take => Action::Took,
        Assignment::Release => Action::Released,
    };
    let entry = Entry::staff(reference, who.name, from, action);
    change(store, reference, entry, |app| {
        match what {
            Assignment::Take => app.take(who)?,
            Assignment::Release => app.release(who)?,
        }
        Ok(Vec::new())
    })
    .await
}
