//! Kazakhstan mobile numbers: `+7 7XX XXX XX XX`, written with any spacing, brackets,
//! hyphens, or the trunk prefix 8; stored as `+77XXXXXXXXX`.

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    #[error("a phone number has only digits, spaces, brackets, hyphens and a leading +")]
    Characters,
    #[error("a Kazakhstan mobile number has 10 digits after +7")]
    Length,
    #[error("this is not a Kazakhstan mobile number")]
    NotMobile,
}

/// Mobile operator codes (libphonenumber's KZ mobile pattern `7(0[0-25-8]|47|6[0-4]|7[15-8]|85)`).
fn is_mobile_prefix(code: &str) -> bool {
    let b = code.as_bytes();
    if b.len() != 3 || b[0] != b'7' {
        return false;
    }
    match (b[1], b[2]) {
        (b'0', c) => matches!(c, b'0'..=b'2' | b'5'..=b'8'),
        (b'4', b'7') => true,
        (b'6', c) => matches!(c, b'0'..=b'4'),
        (b'7', c) => matches!(c, b'1' | b'5'..=b'8'),
        (b'8', b'5') => true,
        _ => false,
    }
}

pub fn normalise(input: &str) -> Result<String, PhoneError> {
    let trimmed = input.trim();
    let (plus, rest) = match trimmed.strip_prefix('+') {
        Some(r) => (true, r),
        None => (false, trimmed),
    };
    if !rest
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '(' | ')' | '.' | '\u{a0}'))
    {
        return Err(PhoneError::Characters);
    }
    let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
    let national = match (plus, digits.len()) {
        (true, 11) if digits.starts_with('7') => &digits[1..],
        (false, 11) if digits.starts_with('8') || digits.starts_with('7') => &digits[1..],
        (false, 10) => &digits[..],
        _ => return Err(PhoneError::Length),
    };
    if !is_mobile_prefix(&national[..3]) {
        return Err(PhoneError::NotMobile);
    }
    Ok(format!("+7{national}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_any_common_spelling() {
        for input in [
            "+7 701 234 56 78",
            "+77012345678",
            "8 (701) 234-56-78",
            "87012345678",
            "7012345678",
            " +7 (701) 234 56 78 ",
            "8-747-189-03-16",
        ] {
            let got = normalise(input).unwrap_or_else(|e| panic!("{input}: {e}"));
            assert!(got.starts_with("+77") && got.len() == 12, "{input} → {got}");
        }
        assert_eq!(normalise("8-747-189-03-16").unwrap(), "+77471890316");
    }

    #[test]
    fn refuses_landlines_russian_numbers_and_junk() {
        assert_eq!(normalise("+7 7232 54 00 00"), Err(PhoneError::NotMobile));
        assert_eq!(normalise("+7 495 123 45 67"), Err(PhoneError::NotMobile));
        assert_eq!(normalise("+7 701 234 56"), Err(PhoneError::Length));
        assert_eq!(normalise("call me"), Err(PhoneError::Characters));
        assert_eq!(normalise("+1 701 234 5678"), Err(PhoneError::Length));
    }
}
