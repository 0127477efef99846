//! The API's routes are written down in four places: the router itself
//! (`functions::http::router`), its list `functions::http::ROUTES`, the OpenAPI
//! description (`functions/openapi.yaml`) and the SAM template's `HttpApi` events
//! (`infra/template.yaml`). These tests check they name the same `(method, path)` set,
//! apart from the exceptions below, each written down with its reason.

use content_model::yaml::{self, Mapping, Value};
use functions::http::ROUTES;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type Route = (String, String);

/// Served by the local server only, so described in the OpenAPI file (marked
/// `x-portal-local-only: true`) but deliberately left out of the SAM template: it signs
/// local accounts in with a cookie the portal signs itself (`ReviewerAuth::Local`). In
/// production reviewers sign in through Cognito's hosted UI (`/api/review/start`); API
/// Gateway answers this path with 404.
const LOCAL_ONLY: [(&str, &str); 1] = [("POST", "/api/review/login")];

/// The reviewers' sign-in and sign-out: under `/api/review/` but open, as nobody is
/// signed in yet, or the token may have expired.
const SIGN_IN: [&str; 4] = [
    "/api/review/login",
    "/api/review/start",
    "/api/review/callback",
    "/api/review/logout",
];

/// A route that needs a signed-in reviewer.
fn is_reviewer_route(path: &str) -> bool {
    path.starts_with("/api/review/") && !SIGN_IN.contains(&path)
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

fn parse_yaml(path: &Path) -> Value {
    yaml::from_str(&read(path)).unwrap_or_else(|e| panic!("parsing {}: {e}", path.display()))
}

fn route(method: &str, path: &str) -> Route {
    (method.to_ascii_uppercase(), path.to_string())
}

fn set(routes: &[(&str, &str)]) -> BTreeSet<Route> {
    routes.iter().map(|(m, p)| route(m, p)).collect()
}

/// Every route the API serves.
fn all_routes() -> BTreeSet<Route> {
    set(&ROUTES)
}

/// A readable account of how two sets differ.
fn assert_same(what: &str, actual: &BTreeSet<Route>, expected: &BTreeSet<Route>) {
    let extra: Vec<_> = actual.difference(expected).collect();
    let missing: Vec<_> = expected.difference(actual).collect();
    assert!(
        extra.is_empty() && missing.is_empty(),
        "{what} disagrees with functions::http::ROUTES (and the exceptions in tests/it/routes.rs):\n  \
         only in {what}: {extra:?}\n  missing from {what}: {missing:?}"
    );
}

/// SAM's short forms (`!Ref`, `!GetAtt`, `!Sub`…) parse as tagged values; the tests only
/// need what is under the tag.
fn untag(v: &Value) -> &Value {
    match v {
        Value::Tagged(t) => untag(&t.value),
        other => other,
    }
}

fn get<'a>(v: &'a Value, key: &str) -> Option<&'a Value> {
    untag(v).as_mapping().and_then(|m| m.get(key)).map(untag)
}

fn str_at<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    get(v, key).and_then(Value::as_str)
}

/// Whether `v` is `!Ref name` (or `{Ref: name}`).
fn is_ref_to(v: &Value, name: &str) -> bool {
    match v {
        Value::Tagged(t) => t.tag == "Ref" && t.value.as_str() == Some(name),
        Value::Mapping(m) => m.get("Ref").and_then(Value::as_str) == Some(name),
        _ => false,
    }
}

// ------------------------------------------------------------------------------------
// The router

/// `(method, path)` of every `.route(…)` in `router()`, read from its source: axum gives
/// no way to list a `Router`'s routes.
fn router_routes() -> BTreeSet<Route> {
    let source = read(&root().join("src/http/mod.rs"));
    let start = source
        .find("pub fn router(")
        .expect("src/http/mod.rs has `pub fn router(`");
    let body = &source[start..];
    let end = body.find("\n}\n").expect("the end of `router()`");
    let body = &body[..end];
    let path_re = regex::Regex::new(r#"^\s*"([^"]+)""#).expect("valid regex");
    let method_re = regex::Regex::new(r"\b(get|post|put|patch|delete)\(").expect("valid regex");
    let mut routes = BTreeSet::new();
    for segment in body.split(".route(").skip(1) {
        let path = path_re
            .captures(segment)
            .unwrap_or_else(|| panic!("a `.route(` without a literal path: {segment}"))[1]
            .to_string();
        let methods: Vec<_> = method_re.captures_iter(segment).collect();
        assert!(!methods.is_empty(), "no method for {path} in the router");
        for m in methods {
            routes.insert(route(&m[1], &path));
        }
    }
    assert!(routes.len() >= 10, "the router's routes were not found");
    routes
}

#[test]
fn routes_lists_what_the_router_serves() {
    assert_same(
        "the router (src/http/mod.rs)",
        &router_routes(),
        &all_routes(),
    );
    assert_eq!(
        set(&ROUTES).len(),
        ROUTES.len(),
        "ROUTES lists a route twice"
    );
}

// ------------------------------------------------------------------------------------
// The OpenAPI description

const HTTP_METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// `(method, path)` → the operation object.
fn openapi_operations() -> BTreeMap<Route, Value> {
    let doc = parse_yaml(&root().join("openapi.yaml"));
    let version = str_at(&doc, "openapi").expect("an `openapi` version");
    assert!(version.starts_with("3.1"), "OpenAPI 3.1, not {version}");
    let paths = get(&doc, "paths")
        .and_then(Value::as_mapping)
        .expect("`paths` in openapi.yaml");
    let mut ops = BTreeMap::new();
    for (path, item) in paths {
        let path = path.as_str().expect("paths are strings");
        let item = untag(item).as_mapping().expect("a path item is a mapping");
        for (key, op) in item {
            let key = key.as_str().unwrap_or_default();
            if HTTP_METHODS.contains(&key) {
                ops.insert(route(key, path), untag(op).clone());
            }
        }
    }
    ops
}

#[test]
fn the_openapi_file_describes_every_route() {
    let ops = openapi_operations();
    let described: BTreeSet<Route> = ops.keys().cloned().collect();
    assert_same("functions/openapi.yaml", &described, &all_routes());

    // The local-only routes are marked so, and only they.
    let marked: BTreeSet<Route> = ops
        .iter()
        .filter(|(_, op)| get(op, "x-portal-local-only").and_then(Value::as_bool) == Some(true))
        .map(|(r, _)| r.clone())
        .collect();
    assert_eq!(
        marked,
        set(&LOCAL_ONLY),
        "`x-portal-local-only: true` must mark exactly LOCAL_ONLY"
    );

    // Reviewer routes (except sign-in) name a security scheme; the public ones none.
    for ((method, path), op) in &ops {
        let secured = get(op, "security")
            .and_then(Value::as_sequence)
            .is_some_and(|s| !s.is_empty());
        let reviewer = is_reviewer_route(path);
        assert_eq!(
            secured, reviewer,
            "{method} {path}: reviewer routes need `security`, public routes have none"
        );
    }
}

// ------------------------------------------------------------------------------------
// The SAM template

struct TemplateRoute {
    function: String,
    /// `Auth.Authorizer` of the event, if it names one.
    authorizer: Option<String>,
}

fn template() -> Value {
    parse_yaml(&root().join("../infra/template.yaml"))
}

fn resources(template: &Value) -> &Mapping {
    get(template, "Resources")
        .and_then(Value::as_mapping)
        .expect("`Resources` in the template")
}

/// The `HttpApi` events of the template's functions.
fn template_routes(template: &Value) -> BTreeMap<Route, TemplateRoute> {
    let mut routes = BTreeMap::new();
    for (name, resource) in resources(template) {
        if str_at(resource, "Type") != Some("AWS::Serverless::Function") {
            continue;
        }
        let function = name
            .as_str()
            .expect("resource names are strings")
            .to_string();
        let Some(events) = get(resource, "Properties")
            .and_then(|p| get(p, "Events"))
            .and_then(Value::as_mapping)
        else {
            continue;
        };
        for (event_name, event) in events {
            if str_at(event, "Type") != Some("HttpApi") {
                continue;
            }
            let props = get(event, "Properties")
                .unwrap_or_else(|| panic!("{function}.{event_name:?} has no Properties"));
            let method = str_at(props, "Method").expect("an HttpApi event's Method");
            let path = str_at(props, "Path").expect("an HttpApi event's Path");
            let api = untag_keep(props, "ApiId");
            assert!(
                api.is_some_and(|a| is_ref_to(a, "HttpApi")),
                "{method} {path} in {function}: `ApiId: !Ref HttpApi` (else SAM makes a second API)"
            );
            let authorizer = get(props, "Auth")
                .and_then(|a| str_at(a, "Authorizer"))
                .map(str::to_string);
            let previous = routes.insert(
                route(method, path),
                TemplateRoute {
                    function: function.clone(),
                    authorizer,
                },
            );
            assert!(previous.is_none(), "{method} {path} is routed twice");
        }
    }
    routes
}

/// The value under `key` with its tag kept (for `!Ref` checks).
fn untag_keep<'a>(v: &'a Value, key: &str) -> Option<&'a Value> {
    untag(v).as_mapping().and_then(|m| m.get(key))
}

#[test]
fn the_template_routes_every_production_route() {
    let template = template();
    let routed: BTreeSet<Route> = template_routes(&template).into_keys().collect();
    let mut expected = all_routes();
    for r in set(&LOCAL_ONLY) {
        expected.remove(&r);
    }
    assert_same("infra/template.yaml (HttpApi events)", &routed, &expected);
}

/// Which function serves a path (infra/README.md describes the split).
fn function_for(path: &str) -> &'static str {
    if path.starts_with("/api/review/") {
        "ReviewFunction"
    } else if path.starts_with("/api/applications/") || path == "/api/status" {
        "StatusFunction"
    } else {
        "SubmitFunction"
    }
}

#[test]
fn reviewer_routes_need_the_jwt_and_the_others_do_not() {
    let template = template();
    // Every route is closed by default: the API's default authorizer is the Cognito JWT.
    let api = resources(&template)
        .get("HttpApi")
        .map(untag)
        .expect("an `HttpApi` resource");
    assert_eq!(str_at(api, "Type"), Some("AWS::Serverless::HttpApi"));
    let auth = get(api, "Properties")
        .and_then(|p| get(p, "Auth"))
        .expect("HttpApi has Auth");
    let default = str_at(auth, "DefaultAuthorizer").expect("a DefaultAuthorizer");
    let jwt = get(auth, "Authorizers")
        .and_then(|a| get(a, default))
        .and_then(|a| get(a, "JwtConfiguration"));
    assert!(
        jwt.is_some(),
        "the default authorizer {default} is a JWT authorizer"
    );
    assert!(
        get(api, "Properties")
            .and_then(|p| get(p, "DefaultRouteSettings"))
            .and_then(|s| get(s, "ThrottlingRateLimit"))
            .is_some(),
        "the API has throttling limits"
    );

    for ((method, path), r) in template_routes(&template) {
        let reviewer = is_reviewer_route(&path);
        if reviewer {
            assert!(
                r.authorizer.as_deref().is_none_or(|a| a == default),
                "{method} {path} must use the JWT authorizer, not {:?}",
                r.authorizer
            );
        } else {
            assert_eq!(
                r.authorizer.as_deref(),
                Some("NONE"),
                "{method} {path} is public: it needs `Auth: Authorizer: NONE`"
            );
        }
        assert_eq!(
            r.function,
            function_for(&path),
            "{method} {path} is served by the wrong function"
        );
    }
}

#[test]
fn the_exceptions_are_still_needed() {
    // A local-only route must still be a route (else delete it from LOCAL_ONLY).
    for r in set(&LOCAL_ONLY) {
        assert!(set(&ROUTES).contains(&r), "{r:?} is no longer in ROUTES");
    }
}
