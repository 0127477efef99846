//! `cargo run -p content-model --example check [-- content]`: read and check the content
//! folder without building the site (the generator's `portal check` does the same).

fn main() {
    let root = std::env::args().nth(1).unwrap_or_else(|| "content".into());
    match content_model::load(std::path::Path::new(&root)) {
        Ok(loaded) => {
            println!("{}", loaded.warnings);
            println!(
                "ok: {} services, {} guides, {} forms",
                loaded.content.services.len(),
                loaded.content.guides.len(),
                loaded.content.forms.len()
            );
        }
        Err(diags) => {
            println!("{diags}");
            std::process::exit(1);
        }
    }
}
