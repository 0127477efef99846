//! Who works on an application: a reviewer takes it (it becomes theirs, and the others
//! see who has it), and releases it. Only its holder, or a lead, decides it or asks its
//! applicant for more; one nobody holds is taken by the reviewer who acts on it. Of two
//! reviewers who take the same application at once exactly one gets it (the write is
//! conditional: [`crate::assign()`]).

use crate::application::{Application, Status};

/// Who acts on an application.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reviewer<'a> {
    pub name: &'a str,
    /// A lead may release or decide an application someone else holds.
    pub lead: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AssignmentError {
    #[error("{0} has this application")]
    HeldBy(String),
    #[error("nobody has this application")]
    NotHeld,
    #[error("the application is already {0:?}")]
    Closed(Status),
}

impl Application {
    /// Whether `who` may act on it (decide, ask for information, release).
    pub fn may_act(&self, who: Reviewer) -> Result<(), AssignmentError> {
        match &self.holder {
            Some(h) if h != who.name && !who.lead => Err(AssignmentError::HeldBy(h.clone())),
            _ => Ok(()),
        }
    }

    /// Take it: it becomes `who`'s. Taking one's own again changes nothing.
    pub fn take(&mut self, who: Reviewer) -> Result<(), AssignmentError> {
        if !self.status.is_open() {
            return Err(AssignmentError::Closed(self.status));
        }
        match &self.holder {
            Some(h) if h != who.name => Err(AssignmentError::HeldBy(h.clone())),
            _ => {
                self.holder = Some(who.name.to_string());
                Ok(())
            }
        }
    }

    /// Release it (its holder, or a lead).
    pub fn release(&mut self, who: Reviewer) -> Result<(), AssignmentError> {
        if self.holder.is_none() {
            return Err(AssignmentError::NotHeld);
        }
        self.may_act(who)?;
        self.holder = None;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::conformance::application;

    const ANA: Reviewer = Reviewer {
        name: "ana",
        lead: false,
    };
    const BOTA: Reviewer = Reviewer {
        name: "bota",
        lead: false,
    };
    const LENA: Reviewer = Reviewer {
        name: "lena",
        lead: true,
    };

    #[test]
    fn only_the_holder_or_a_lead_acts_on_a_held_application() {
        let mut a = application("TAKE2345", "h", "k");
        assert_eq!(a.release(ANA), Err(AssignmentError::NotHeld));
        a.take(ANA).unwrap();
        a.take(ANA).unwrap();
        assert_eq!(a.take(BOTA), Err(AssignmentError::HeldBy("ana".into())));
        assert_eq!(a.may_act(BOTA), Err(AssignmentError::HeldBy("ana".into())));
        assert_eq!(a.release(BOTA), Err(AssignmentError::HeldBy("ana".into())));
        assert_eq!(a.may_act(ANA), Ok(()));
        assert_eq!(a.may_act(LENA), Ok(()));
        a.release(LENA).unwrap();
        assert_eq!(a.holder, None);
        a.take(BOTA).unwrap();
        a.status = Status::Approved;
        assert_eq!(a.take(ANA), Err(AssignmentError::Closed(Status::Approved)));
    }
}
