//! Who the reviewers are and how they prove it: the local accounts, the tokens (signed
//! here locally, Cognito's in production) and the hosted sign-in's flow. No handlers and
//! no state here: the pages are `review`'s.

pub mod accounts;
pub mod cookies;
pub mod hosted_ui;
pub mod token;
