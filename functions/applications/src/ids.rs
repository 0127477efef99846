//! Random ids for files, drafts and sign-in flows.

/// 128 bits from the OS generator, as 32 hex characters.
pub fn random_id() -> String {
    use rand::Rng;
    let bytes: [u8; 16] = rand::rng().random();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
