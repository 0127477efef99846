//! One change to a stored application, safe beside others: read it, make the change (a
//! pure function of the application, which also makes the messages it sends), write it
//! only if nobody changed the application in between ([`Store::revise`]); if somebody
//! did, make the change again on what they left — where it may no longer apply.

use super::{Revised, Store, StoreError};
use crate::application::Application;
use crate::audit::Entry;
use crate::outbox::Message;

/// How a change ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Changed<E> {
    /// Written: the application as it is now.
    Done(Box<Application>),
    /// The change does not apply to the application as it is (shown with it).
    Refused(E, Box<Application>),
    NotFound,
}

/// Tries before giving up when others keep changing the same application.
const TRIES: usize = 8;

/// Change `reference` with `make`, which changes the application in place and returns
/// the messages to send with the change, or refuses. `entry` says who made it, for the
/// audit trail: written with the change, or not at all.
pub async fn change<E>(
    store: &dyn Store,
    reference: &str,
    entry: Entry,
    mut make: impl FnMut(&mut Application) -> Result<Vec<Message>, E>,
) -> Result<Changed<E>, StoreError> {
    for _ in 0..TRIES {
        let Some(current) = store.get(reference).await? else {
            return Ok(Changed::NotFound);
        };
        let mut next = current.clone();
        let messages = match make(&mut next) {
            Ok(messages) => messages,
            Err(e) => return Ok(Changed::Refused(e, Box::new(current))),
        };
        next.revision = current.revision + 1;
        match store.revise(next.clone(), messages, entry.clone()).await? {
            Revised::Written => return Ok(Changed::Done(Box::new(next))),
            Revised::NotFound => return Ok(Changed::NotFound),
            Revised::Stale => continue,
        }
    }
    Err(StoreError::Unavailable(format!(
        "{reference} kept changing under {TRIES} tries"
    )))
}

impl<E> Changed<E> {
    /// The same ending, with the refusal told another way.
    pub fn map_refusal<F>(self, f: impl FnOnce(E) -> F) -> Changed<F> {
        match self {
            Changed::Done(a) => Changed::Done(a),
            Changed::Refused(e, a) => Changed::Refused(f(e), a),
            Changed::NotFound => Changed::NotFound,
        }
    }
}
