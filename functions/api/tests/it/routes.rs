//! The API's routes are written down in three places: the route table the router is
//! built from (`api::routes::table`), the OpenAPI description (`functions/api/openapi.yaml`)
//! and the SAM template's `HttpApi` events (`infra/template.yaml`). These tests check
//! they name the same `(method, path)` set, that each route is served, and that who may
//! call it and which function serves it agree. The one route the template leaves out on
//! purpose is marked in the table: `Lambda::LocalOnly` (`POST /api/review/login`, the
//! local accounts' sign-in; in production reviewers sign in through Cognito's hosted UI).

use crate::sam::{get, is_ref_to, parse_yaml, resources, root, str_at, template, untag};
use api::routes::{Access, Lambda, table};
use api::test_api::TestApi;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use content_model::yaml::Value;
use std::collections::{BTreeMap, BTreeSet};
use tower::ServiceExt;

type Route = (String, String);

/// A route that needs a signed-in reviewer.
fn is_reviewer_route(path: &str) -> bool {
    table()
        .iter()
        .any(|r| r.path == path && r.access == Access::Reviewer)
}

/// The routes the local server serves and API Gateway does not.
fn local_only() -> BTreeSet<Route> {
    table()
        .iter()
        .filter(|r| r.lambda == Lambda::LocalOnly)
        .map(|r| route(r.method, r.path))
        .collect()
}

fn route(method: &str, path: &str) -> Route {
    (method.to_ascii_uppercase(), path.to_string())
}

/// Every route the API serves.
fn all_routes() -> BTreeSet<Route> {
    table().iter().map(|r| route(r.method, r.path)).collect()
}

/// A readable account of how two sets differ.
fn assert_same(what: &str, actual: &BTreeSet<Route>, expected: &BTreeSet<Route>) {
    let extra: Vec<_> = actual.difference(expected).collect();
    let missing: Vec<_> = expected.difference(actual).collect();
    assert!(
        extra.is_empty() && missing.is_empty(),
        "{what} disagrees with api::routes::table():\n  \
         only in {what}: {extra:?}\n  missing from {what}: {missing:?}"
    );
}

// ------------------------------------------------------------------------------------
// The router

/// A path of the table with its parameters filled in.
fn concrete(path: &str) -> String {
    content_model::placeholders::fill(
        path,
        &[
            ("form", "certificate"),
            ("draft", "nodraft"),
            ("reference", "ABCD2345"),
            ("document", "d1"),
        ],
    )
}

#[tokio::test]
async fn the_router_serves_every_route_of_the_table_once() {
    let routes = table();
    assert_eq!(
        all_routes().len(),
        routes.len(),
        "the table lists a route twice"
    );
    let api = TestApi::embedded();
    for r in &routes {
        let req = Request::builder()
            .method(r.method)
            .uri(concrete(r.path))
            .body(Body::empty())
            .unwrap();
        let res = api.router().oneshot(req).await.unwrap();
        let status = res.status();
        let body = axum::body::to_bytes(res.into_body(), usize::MAX)
            .await
            .unwrap();
        // A route the router lacks answers axum's empty 404, or 405 for another method.
        assert!(
            status != StatusCode::METHOD_NOT_ALLOWED
                && !(status == StatusCode::NOT_FOUND && body.is_empty()),
            "{} {} is in the table but the router does not serve it ({status})",
            r.method,
            r.path
        );
        // Reviewer routes live under the reviewer cookie's path.
        if r.access == Access::Reviewer {
            assert!(r.path.starts_with("/api/review/"), "{}", r.path);
        }
    }
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
        local_only(),
        "`x-portal-local-only: true` must mark exactly the table's LocalOnly routes"
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
    for r in local_only() {
        expected.remove(&r);
    }
    assert_same("infra/template.yaml (HttpApi events)", &routed, &expected);
}

/// Which function serves a route (infra/README.md describes the split).
fn function_for(method: &str, path: &str) -> Option<&'static str> {
    table()
        .iter()
        .find(|r| r.method == method && r.path == path)
        .and_then(|r| r.lambda.template_id())
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
            Some(r.function.as_str()),
            function_for(&method, &path),
            "{method} {path} is served by the wrong function"
        );
    }
}
