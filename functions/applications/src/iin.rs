//! The Kazakh individual identification number (ЖСН / ИИН): 12 digits — the birth date
//! (YYMMDD), a century-and-sex digit, four serial digits, and a check digit.

use chrono::NaiveDate;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum IinError {
    #[error("an IIN has exactly 12 digits")]
    Length,
    #[error("an IIN has only digits")]
    NotDigits,
    #[error("the first six digits are not a real date of birth")]
    BadDate,
    #[error("the 7th digit must be 1 to 6")]
    BadCentury,
    #[error("the check digit does not match")]
    CheckDigit,
}

/// Accepts spaces and hyphens between digits, as people copy them.
pub fn normalise(input: &str) -> String {
    input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect()
}

/// Validate an IIN and return its 12 digits.
pub fn validate(input: &str) -> Result<String, IinError> {
    let iin = normalise(input);
    if !iin.chars().all(|c| c.is_ascii_digit()) {
        return Err(IinError::NotDigits);
    }
    if iin.len() != 12 {
        return Err(IinError::Length);
    }
    let d: Vec<u32> = iin.bytes().map(|b| u32::from(b - b'0')).collect();
    let century = match d[6] {
        1 | 2 => 1800,
        3 | 4 => 1900,
        5 | 6 => 2000,
        _ => return Err(IinError::BadCentury),
    };
    let year = century + (d[0] * 10 + d[1]) as i32;
    let month = d[2] * 10 + d[3];
    let day = d[4] * 10 + d[5];
    if NaiveDate::from_ymd_opt(year, month, day).is_none() {
        return Err(IinError::BadDate);
    }
    if check_digit(&d[..11]) != Some(d[11]) {
        return Err(IinError::CheckDigit);
    }
    Ok(iin)
}

/// The 12th digit for the first eleven, or `None` when no digit is valid (the number
/// cannot be issued).
pub fn check_digit(first11: &[u32]) -> Option<u32> {
    let weighted = |weights: [u32; 11]| -> u32 {
        first11.iter().zip(weights).map(|(d, w)| d * w).sum::<u32>() % 11
    };
    let c = weighted([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    let c = if c == 10 {
        weighted([3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2])
    } else {
        c
    };
    (c != 10).then_some(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_check(first11: &str) -> String {
        let d: Vec<u32> = first11.bytes().map(|b| u32::from(b - b'0')).collect();
        format!("{first11}{}", check_digit(&d).expect("valid"))
    }

    #[test]
    fn accepts_valid_numbers_with_spacing() {
        let iin = with_check("99010130000");
        assert_eq!(validate(&iin), Ok(iin.clone()));
        let spaced = format!("{} {} {}", &iin[..6], &iin[6..8], &iin[8..]);
        assert_eq!(validate(&spaced), Ok(iin));
    }

    #[test]
    fn known_number_passes_and_a_changed_digit_fails() {
        // 900101300013: weights 1..11 over 9,0,0,1,0,1,3,0,0,0,1 = 9+4+6+3+7+11 = 40, 40 % 11 = 7
        assert_eq!(check_digit(&[9, 0, 0, 1, 0, 1, 3, 0, 0, 0, 1]), Some(7));
        assert!(validate("900101300017").is_ok());
        assert_eq!(validate("900101300018"), Err(IinError::CheckDigit));
    }

    #[test]
    fn second_weights_are_used_when_the_first_sum_gives_ten() {
        // Find a number whose first pass gives 10 and check the second pass decides.
        let first11: Vec<u32> = "01010150003".bytes().map(|b| u32::from(b - b'0')).collect();
        let first: u32 = first11.iter().zip(1..=11).map(|(d, w)| d * w).sum::<u32>() % 11;
        let second: u32 = first11
            .iter()
            .zip([3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2])
            .map(|(d, w)| d * w)
            .sum::<u32>()
            % 11;
        if first == 10 {
            assert_eq!(check_digit(&first11), (second != 10).then_some(second));
        }
        assert_eq!(check_digit(&[0; 11]), Some(0));
    }

    #[test]
    fn rejects_bad_shapes() {
        assert_eq!(validate("12345"), Err(IinError::Length));
        assert_eq!(validate("9901013000a1"), Err(IinError::NotDigits));
        assert_eq!(validate(&with_check("99023030000")), Err(IinError::BadDate));
        assert_eq!(
            validate(&with_check("99010170000")),
            Err(IinError::BadCentury)
        );
    }
}
