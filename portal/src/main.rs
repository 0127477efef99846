//! `portal`: build, check and preview the site. A thin layer over the `generator`
//! library and the local server (`portal::serve`); errors are printed for editors and
//! turned into the exit code here.

use anyhow::Context as _;
use clap::{Parser, Subcommand};
use generator::{BuildError, BuildOptions};
use portal::serve::{ServeOptions, serve};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "portal",
    version,
    about = "Build, check and preview the student-services portal"
)]
struct Cli {
    /// The content folder.
    #[arg(long, global = true, default_value = "content")]
    content: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into a folder.
    Build {
        /// Treat warnings (missing translations above all) as errors: the production build.
        #[arg(long)]
        strict: bool,
        /// With --strict: a translation made from an older source text is an error too.
        #[arg(long, requires = "strict")]
        refuse_stale: bool,
        #[arg(long, default_value = "public")]
        out: PathBuf,
        /// The address the site is published at (canonical URLs, sitemap).
        #[arg(long)]
        base_url: Option<String>,
        /// Reviewers sign in through Cognito's hosted UI (production), not with the
        /// local server's accounts: the sign-in page links there.
        #[arg(long)]
        hosted_sign_in: bool,
        /// Leave the search index out (to measure the rest, or for a quicker look).
        #[arg(long)]
        no_search: bool,
    },
    /// Check the content without building.
    Check {
        #[arg(long)]
        strict: bool,
        /// With --strict: a translation made from an older source text is an error too.
        #[arg(long, requires = "strict")]
        refuse_stale: bool,
    },
    /// What translators run.
    #[command(subcommand)]
    Translations(TranslationsCommand),
    /// Build, serve on 127.0.0.1 with the application API, rebuild and reload on change.
    Serve {
        #[arg(long, default_value = "127.0.0.1")]
        host: String,
        #[arg(long, default_value_t = 8080)]
        port: u16,
        #[arg(long, default_value = ".portal/public")]
        out: PathBuf,
        /// Where the local store, uploads and the notification outbox live.
        #[arg(long, default_value = ".portal")]
        data: PathBuf,
        /// Templates to watch and read (defaults to views/templates when present).
        #[arg(long)]
        templates: Option<PathBuf>,
        /// For load tests on this machine only: no per-client limits on how fast
        /// applications, drafts and uploads are accepted.
        #[arg(long)]
        no_rate_limits: bool,
    },
    /// Write the JSON Schemas of the content files into content/schemas/.
    Schemas,
}

#[derive(Subcommand)]
enum TranslationsCommand {
    /// Record that translations now say what their source texts say (after checking them).
    Reviewed {
        /// Content files or folders: services/dormitory.yaml, workplan/, a guide's folder,
        /// or one language of a guide (guides/dormitory-settlement/kk.md).
        paths: Vec<String>,
        /// Only this text (a key as the check names it: summary, rows.3.activity).
        #[arg(long)]
        key: Option<String>,
        /// Only these languages (kk, ru, en); repeat for more.
        #[arg(long = "lang", value_parser = parse_lang)]
        langs: Vec<content_model::Lang>,
        /// Every translation of the content (the first record, or after a full review).
        #[arg(long, conflicts_with = "paths")]
        all: bool,
    },
    /// Write XLIFF 2.0 files for a CAT tool: one per source language, into --out.
    Export {
        /// The language to translate into.
        #[arg(long, value_parser = parse_lang)]
        lang: content_model::Lang,
        /// Only translations made from an older source text (or never checked).
        #[arg(long)]
        stale: bool,
        /// Only texts not translated yet.
        #[arg(long)]
        missing: bool,
        /// The folder to write into (default: translations-<lang>).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Read translated XLIFF files back into the content and record them as checked.
    Import {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
}

fn parse_lang(s: &str) -> Result<content_model::Lang, String> {
    content_model::Lang::from_code(s).ok_or_else(|| format!("`{s}` is not kk, ru or en"))
}

fn stale_policy(refuse: bool) -> content_model::StaleTranslations {
    if refuse {
        content_model::StaleTranslations::Refuse
    } else {
        content_model::StaleTranslations::Warn
    }
}

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn report_failure(e: &BuildError) -> ExitCode {
    eprintln!("{e}");
    if let BuildError::Content(_) = e {
        eprintln!("\nNothing was written: the previous build (if any) is unchanged.");
    }
    ExitCode::FAILURE
}

fn run() -> anyhow::Result<ExitCode> {
    let cli = Cli::parse();
    // Logs go to stderr; `RUST_LOG` adjusts the level (default: info).
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    match cli.command {
        Command::Build {
            strict,
            refuse_stale,
            out,
            base_url,
            hosted_sign_in,
            no_search,
        } => {
            let mut opts = BuildOptions::new(&cli.content, &out);
            opts.strict = strict;
            opts.stale = stale_policy(refuse_stale);
            opts.base_url = base_url;
            opts.hosted_sign_in = hosted_sign_in;
            opts.search = !no_search;
            match generator::build(&opts) {
                Ok(report) => {
                    if !report.warnings.is_empty() {
                        eprintln!("{}\n", report.warnings);
                    }
                    println!("{} → {}", report.summary(), out.display());
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => Ok(report_failure(&e)),
            }
        }
        Command::Check {
            strict,
            refuse_stale,
        } => {
            let result = if strict {
                content_model::load_strict(&cli.content, stale_policy(refuse_stale))
            } else {
                content_model::load(&cli.content)
            };
            match result {
                Ok(loaded) => {
                    let (table, sms) = portal::sms_report::report(&cli.content, &loaded.content);
                    println!("{table}");
                    if !sms.is_empty() {
                        println!("{sms}\n");
                    }
                    println!("{}", loaded.warnings);
                    Ok(ExitCode::SUCCESS)
                }
                Err(diags) => {
                    eprintln!("{diags}");
                    Ok(ExitCode::FAILURE)
                }
            }
        }
        Command::Serve {
            host,
            port,
            out,
            data,
            templates,
            no_rate_limits,
        } => {
            let templates = templates.or_else(|| {
                let dev = PathBuf::from("views/templates");
                dev.is_dir().then_some(dev)
            });
            let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
            runtime
                .block_on(serve(ServeOptions {
                    content: cli.content,
                    out,
                    data,
                    templates,
                    host,
                    port,
                    no_rate_limits,
                }))
                .context("serving")?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Translations(TranslationsCommand::Reviewed {
            paths,
            key,
            langs,
            all,
        }) => {
            if paths.is_empty() && !all {
                eprintln!(
                    "error: name the files or folders whose translations you checked, or pass --all"
                );
                return Ok(ExitCode::FAILURE);
            }
            let selection = portal::translations::selection(&cli.content, &paths, key, langs, all);
            let today = content_model::almaty::date(chrono::Utc::now());
            match portal::translations::reviewed(&cli.content, &selection, today) {
                Ok(r) => {
                    println!(
                        "marked {} translation(s) as made from their current source text; {} recorded in all",
                        r.marked, r.recorded
                    );
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => {
                    eprintln!("{e}");
                    Ok(ExitCode::FAILURE)
                }
            }
        }
        Command::Translations(TranslationsCommand::Export {
            lang,
            stale,
            missing,
            out,
        }) => {
            let out = out.unwrap_or_else(|| PathBuf::from(format!("translations-{lang}")));
            let filter = content_model::translation::exchange::Filter { stale, missing };
            match portal::translations::export(&cli.content, lang, filter, &out) {
                Ok(files) if files.is_empty() => {
                    println!("nothing to translate into {lang}");
                    Ok(ExitCode::SUCCESS)
                }
                Ok(files) => {
                    for (path, units) in files {
                        println!("wrote {} ({units} texts)", path.display());
                    }
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => {
                    eprintln!("{e}");
                    Ok(ExitCode::FAILURE)
                }
            }
        }
        Command::Translations(TranslationsCommand::Import { files }) => {
            let today = content_model::almaty::date(chrono::Utc::now());
            match portal::translations::import(&cli.content, &files, today) {
                Ok(r) => {
                    println!(
                        "{} text(s) written, {} translation(s) recorded as checked; files changed: {}",
                        r.written,
                        r.recorded,
                        if r.files.is_empty() {
                            "none".to_owned()
                        } else {
                            r.files.join(", ")
                        }
                    );
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => {
                    eprintln!("{e}");
                    Ok(ExitCode::FAILURE)
                }
            }
        }
        Command::Schemas => {
            let dir = cli.content.join("schemas");
            std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
            for (name, json) in content_model::schema::all() {
                let path = dir.join(name);
                std::fs::write(&path, json)
                    .with_context(|| format!("writing {}", path.display()))?;
            }
            println!(
                "wrote {} schemas to {}",
                content_model::schema::all().len(),
                dir.display()
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}
