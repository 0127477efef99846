//! The local server's reviewer accounts: `name:secret` entries, where the secret is an
//! Argon2id hash (`$argon2id$…`, as the reviewers file keeps them) or, in
//! `PORTAL_REVIEWERS` for a quick local try, the password itself. Checking a sign-in
//! costs one hash verification whether or not the name exists, so its timing tells
//! nothing about which names do.

use applications::secret::same;
use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use std::sync::LazyLock;

#[derive(Debug, Clone, Default)]
pub struct Accounts {
    accounts: Vec<(String, Secret)>,
    /// The groups of each account beyond `reviewers` (`leads`), as Cognito would give.
    roles: Vec<(String, Vec<String>)>,
}

#[derive(Debug, Clone)]
enum Secret {
    /// An Argon2 hash in the PHC string format.
    Hash(String),
    /// A password given in the environment.
    Plain(String),
}

/// A hash to verify against when the name is unknown, so that a wrong name takes the
/// time a wrong password does.
static DUMMY: LazyLock<String> = LazyLock::new(|| hash("not a password of anyone's"));

/// The Argon2id hash of `password` (the crate's recommended parameters), with a fresh
/// random salt.
pub fn hash(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        // Hashing with valid parameters and a generated salt cannot fail.
        .unwrap_or_default()
}

fn verify(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

impl Accounts {
    /// `name:secret` entries, one a line, or several on a line separated by commas (a
    /// hash holds commas itself: an entry with one is the whole line).
    pub fn parse(text: &str) -> Accounts {
        Accounts {
            accounts: text
                .lines()
                .flat_map(|line| {
                    if line.contains(":$argon2") {
                        vec![line]
                    } else {
                        line.split(',').collect()
                    }
                })
                .filter_map(|l| l.trim().split_once(':'))
                .map(|(u, p)| (u.trim().to_string(), p.trim().to_string()))
                .filter(|(u, p)| !u.is_empty() && !p.is_empty())
                .map(|(u, p)| {
                    let secret = if p.starts_with("$argon2") {
                        Secret::Hash(p)
                    } else {
                        Secret::Plain(p)
                    };
                    (u, secret)
                })
                .collect(),
            roles: Vec::new(),
        }
    }

    /// With the accounts' roles: `name: group group` lines (`#` starts a comment), or
    /// `name=group group` entries separated by `;` (`PORTAL_ROLES`).
    pub fn with_roles(mut self, text: &str) -> Accounts {
        self.roles = text
            .lines()
            .flat_map(|l| l.split(';'))
            .map(|l| l.split('#').next().unwrap_or(""))
            .filter_map(|l| l.split_once([':', '=']))
            .map(|(name, groups)| {
                let groups = groups.split_whitespace().map(str::to_string).collect();
                (name.trim().to_string(), groups)
            })
            .filter(|(name, _)| !name.is_empty())
            .collect();
        self
    }

    /// The groups of `user`: `reviewers`, and their roles. With no roles written at all
    /// (a first local start, `PORTAL_REVIEWERS` alone), every local reviewer reviews
    /// every form (`forms-all`); once any role is written, only what is written.
    pub fn groups_of(&self, user: &str) -> Vec<String> {
        let mut groups = vec![super::token::GROUP.to_string()];
        if self.roles.is_empty() {
            groups.push(super::token::ALL_FORMS.to_string());
        }
        for (name, more) in &self.roles {
            if name == user {
                groups.extend(
                    more.iter()
                        .filter(|g| !groups.contains(g))
                        .cloned()
                        .collect::<Vec<_>>(),
                );
            }
        }
        groups
    }

    pub fn check(&self, user: &str, password: &str) -> bool {
        // Every name is compared, and one secret is checked, whoever signs in.
        let found = self.accounts.iter().fold(None, |found, (u, s)| {
            if same(u.as_bytes(), user.as_bytes()) {
                Some(s)
            } else {
                found
            }
        });
        match found {
            Some(Secret::Hash(h)) => verify(h, password),
            Some(Secret::Plain(p)) => {
                // As long as a hash check, so a plain entry does not stand out.
                let _ = verify(&DUMMY, password);
                same(p.as_bytes(), password.as_bytes())
            }
            None => {
                let _ = verify(&DUMMY, password);
                false
            }
        }
    }

    /// Whether any entry keeps its password in plain text.
    pub fn has_plain(&self) -> bool {
        self.accounts
            .iter()
            .any(|(_, s)| matches!(s, Secret::Plain(_)))
    }

    /// The entries with every plain password hashed, one `name:hash` a line.
    pub fn hashed(&self) -> String {
        self.accounts
            .iter()
            .map(|(u, s)| match s {
                Secret::Hash(h) => format!("{u}:{h}\n"),
                Secret::Plain(p) => format!("{u}:{}\n", hash(p)),
            })
            .collect()
    }

    pub fn is_empty(&self) -> bool {
        self.accounts.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_add_groups_to_reviewers() {
        let a = Accounts::parse("ana:x,lena:y").with_roles("lena: leads # the head\nnobody:\n");
        assert_eq!(a.groups_of("lena"), ["reviewers", "leads"]);
        assert_eq!(a.groups_of("ana"), ["reviewers"]);
        let b = Accounts::parse("ana:x").with_roles("ana=leads forms-dormitory;bota=leads");
        assert_eq!(
            b.groups_of("ana"),
            ["reviewers", "leads", "forms-dormitory"]
        );
        let none = Accounts::parse("ana:x").with_roles("# nothing yet\n");
        assert_eq!(none.groups_of("ana"), ["reviewers", "forms-all"]);
    }

    #[test]
    fn accounts_check_name_and_password() {
        let a = Accounts::parse("reviewer:secret, second:pw2");
        assert!(a.check("reviewer", "secret") && a.check("second", "pw2"));
        assert!(!a.check("reviewer", "pw2") && !a.check("nobody", "secret"));
    }

    #[test]
    fn hashed_entries_check_and_keep_no_password() {
        let plain = Accounts::parse("reviewer:correct-horse");
        assert!(plain.has_plain());
        let file = plain.hashed();
        assert!(!file.contains("correct-horse"), "{file}");
        assert!(file.starts_with("reviewer:$argon2id$"), "{file}");
        let hashed = Accounts::parse(&file);
        assert!(!hashed.has_plain());
        assert!(hashed.check("reviewer", "correct-horse"));
        assert!(!hashed.check("reviewer", "correct-horsE"));
        assert!(!hashed.check("someone", "correct-horse"));
    }
}
