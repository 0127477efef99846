//! Taking or releasing an application through the store, in one conditional write
//! ([`crate::store::change`]): the rules are in [`crate::assignment`].

use crate::assignment::{AssignmentError, Reviewer};
use crate::store::change::{Changed, change};
use crate::store::{Store, StoreError};

/// What a reviewer does about holding an application.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Assignment {
    Take,
    Release,
}

/// Take or release `reference`, in one conditional write.
pub async fn assign(
    store: &dyn Store,
    reference: &str,
    what: Assignment,
    who: Reviewer<'_>,
) -> Result<Changed<AssignmentError>, StoreError> {
    change(store, reference, |app| {
        match what {
            Assignment::Take => app.take(who)?,
            Assignment::Release => app.release(who)?,
        }
        Ok(Vec::new())
    })
    .await
}
