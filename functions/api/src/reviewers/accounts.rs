//! The local server's reviewer accounts.

use applications::secret::same;

/// Local reviewer accounts: `name:password` lines (from `PORTAL_REVIEWERS`, or the
/// file the local server creates on first start).
#[derive(Debug, Clone, Default)]
pub struct Accounts {
    accounts: Vec<(String, String)>,
}

impl Accounts {
    pub fn parse(text: &str) -> Accounts {
        Accounts {
            accounts: text
                .split([',', '\n'])
                .filter_map(|l| l.trim().split_once(':'))
                .map(|(u, p)| (u.trim().to_string(), p.trim().to_string()))
                .filter(|(u, p)| !u.is_empty() && !p.is_empty())
                .collect(),
        }
    }

    pub fn check(&self, user: &str, password: &str) -> bool {
        // Compare every account in full, so timing says nothing about which part was wrong.
        self.accounts.iter().fold(false, |found, (u, p)| {
            let name = same(u.as_bytes(), user.as_bytes());
            let word = same(p.as_bytes(), password.as_bytes());
            found | (name & word)
        })
    }

    pub fn is_empty(&self) -> bool {
        self.accounts.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accounts_check_name_and_password() {
        let a = Accounts::parse("reviewer:secret, second:pw2");
        assert!(a.check("reviewer", "secret") && a.check("second", "pw2"));
        assert!(!a.check("reviewer", "pw2") && !a.check("nobody", "secret"));
    }
}
