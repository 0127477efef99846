//! What each function may do on AWS, read from `infra/template.yaml` (and the web ACL
//! from `infra/waf.yaml`): every table permission names the kinds of item it may touch,
//! and each function's set is exactly the one written here, so a widened policy fails
//! until this list (and its reason) changes too. cfn-lint and checkov check the rest
//! offline (scripts/test-all).

use crate::sam::{get, parse_yaml, resources, root, str_at, template, untag};
use api::routes::table;
use content_model::yaml::Value;
use std::collections::BTreeSet;

/// (action, kind of item) pairs, kinds as the key prefix without `#`.
type Grants = BTreeSet<(String, String)>;

fn grants(pairs: &[(&[&str], &[&str])]) -> Grants {
    pairs
        .iter()
        .flat_map(|(actions, kinds)| {
            actions.iter().flat_map(move |a| {
                kinds
                    .iter()
                    .map(move |k| (format!("dynamodb:{a}"), k.to_string()))
            })
        })
        .collect()
}

fn list(v: Option<&Value>) -> Vec<String> {
    match v.map(untag) {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Sequence(items)) => items
            .iter()
            .filter_map(|i| untag(i).as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

/// The Allow statements of a role's inline policies.
fn statements<'a>(template: &'a Value, role: &str) -> Vec<&'a Value> {
    let role = resources(template)
        .get(role)
        .unwrap_or_else(|| panic!("{role} in the template"));
    get(role, "Properties")
        .and_then(|p| get(p, "Policies"))
        .and_then(Value::as_sequence)
        .into_iter()
        .flatten()
        .filter_map(|p| get(p, "PolicyDocument").and_then(|d| get(d, "Statement")))
        .filter_map(Value::as_sequence)
        .flatten()
        .filter(|s| str_at(s, "Effect") == Some("Allow"))
        .collect()
}

/// Whether a statement's resource is the table itself (not an index or the stream).
fn on_the_table(statement: &Value) -> bool {
    let Some(Value::Tagged(t)) = statement.as_mapping().and_then(|m| m.get("Resource")) else {
        return false;
    };
    t.tag == "GetAtt" && t.value.as_str() == Some("Table.Arn")
}

/// What a role may do to the table's items, by kind; panics on a table permission
/// without `dynamodb:LeadingKeys`.
fn table_grants(template: &Value, role: &str) -> Grants {
    let mut out = Grants::new();
    for s in statements(template, role)
        .into_iter()
        .filter(|s| on_the_table(s))
    {
        let sid = str_at(s, "Sid").unwrap_or("(no Sid)");
        let keys = get(s, "Condition")
            .and_then(|c| get(c, "ForAllValues:StringLike"))
            .and_then(|c| get(c, "dynamodb:LeadingKeys"));
        let kinds = list(keys);
        assert!(
            !kinds.is_empty(),
            "{role}/{sid}: a permission on the table must name the items it may touch \
             (Condition: ForAllValues:StringLike: dynamodb:LeadingKeys)"
        );
        for action in list(get(s, "Action")) {
            for kind in &kinds {
                let prefix = kind
                    .strip_suffix("#*")
                    .unwrap_or_else(|| panic!("{role}/{sid}: `{kind}` is not a `PREFIX#*`"));
                out.insert((action.clone(), prefix.to_string()));
            }
        }
    }
    out
}

#[test]
fn each_function_touches_only_its_own_kinds_of_item() {
    let template = template();
    let expected = [
        (
            "SubmitRole",
            // Creates; the applicant's answer and withdrawal (which frees the lock and
            // lets the messages expire), each with its audit entry; no count.
            grants(&[
                (
                    &["GetItem", "PutItem"],
                    &["APP", "IDEM", "OPEN", "MSG", "DRAFT", "AUDIT"],
                ),
                (&["DeleteItem"], &["OPEN"]),
                (&["UpdateItem"], &["MSG"]),
            ]),
        ),
        ("StatusRole", grants(&[(&["GetItem"], &["APP"])])),
        (
            "ReviewRole",
            // A decision: the application, its lock, its key's lifetime, its messages;
            // the audit trail appended to and read, never updated or deleted.
            grants(&[
                (
                    &["GetItem", "PutItem", "UpdateItem", "DeleteItem"],
                    &["APP", "OPEN", "IDEM", "MSG"],
                ),
                (&["PutItem", "GetItem", "BatchGetItem"], &["AUDIT"]),
                (&["BatchGetItem"], &["MSG"]),
            ]),
        ),
        (
            "NotifyRole",
            // Sends and counts; deletes what has expired; writes no application.
            grants(&[
                (
                    &["GetItem", "BatchGetItem", "UpdateItem"],
                    &["MSG", "SENDS"],
                ),
                (&["PutItem", "GetItem"], &["PROVIDER"]),
                (
                    &["GetItem", "DeleteItem"],
                    &["APP", "OPEN", "IDEM", "MSG", "DRAFT", "SENDS", "AUDIT"],
                ),
            ]),
        ),
    ];
    for (role, want) in expected {
        let have = table_grants(&template, role);
        let extra: Vec<_> = have.difference(&want).collect();
        let missing: Vec<_> = want.difference(&have).collect();
        assert!(
            extra.is_empty() && missing.is_empty(),
            "{role}: more than it needs {extra:?}; less than it needs {missing:?}"
        );
    }
}

#[test]
fn no_permission_is_a_wildcard_action_and_documents_are_reached_by_prefix() {
    let template = template();
    for role in ["SubmitRole", "StatusRole", "ReviewRole", "NotifyRole"] {
        for s in statements(&template, role) {
            let sid = str_at(s, "Sid").unwrap_or("(no Sid)");
            for action in list(get(s, "Action")) {
                assert!(!action.contains('*'), "{role}/{sid}: `{action}`");
            }
            // S3: a prefix (incoming-, doc-), never the whole bucket.
            let resources = get(s, "Resource").map(|r| format!("{r:?}"));
            if list(get(s, "Action")).iter().any(|a| a.starts_with("s3:")) {
                let r = resources.unwrap_or_default();
                assert!(
                    r.contains("/incoming-*") || r.contains("/doc-*"),
                    "{role}/{sid}: S3 objects by prefix only: {r}"
                );
                assert!(!r.contains("Arn}/*\""), "{role}/{sid}: every object: {r}");
            }
        }
    }
    // A reviewer's function reads an application's documents, never an unchecked upload.
    let review: Vec<String> = statements(&template, "ReviewRole")
        .into_iter()
        .filter(|s| list(get(s, "Action")).contains(&"s3:GetObject".to_string()))
        .map(|s| format!("{:?}", get(s, "Resource")))
        .collect();
    assert!(
        review.len() == 1 && review[0].contains("/doc-*"),
        "{review:?}"
    );
}

#[test]
fn documents_live_as_long_as_their_application_and_the_stream_carries_no_personal_data() {
    let template = template();
    let res = resources(&template);
    let bucket = get(&res["UploadsBucket"], "Properties").unwrap();
    let rules = get(bucket, "LifecycleConfiguration")
        .and_then(|l| get(l, "Rules"))
        .and_then(Value::as_sequence)
        .expect("lifecycle rules");
    for rule in rules {
        if get(rule, "ExpirationInDays").is_some() {
            assert_eq!(
                str_at(rule, "Prefix"),
                Some("incoming-"),
                "only unclaimed uploads expire by age: {rule:?}"
            );
        }
    }
    let table = get(&res["Table"], "Properties").unwrap();
    assert_eq!(
        get(table, "StreamSpecification").and_then(|s| str_at(s, "StreamViewType")),
        Some("KEYS_ONLY")
    );
    let notify = get(&res["NotifyFunction"], "Properties").unwrap();
    let env = get(notify, "Environment")
        .and_then(|e| get(e, "Variables"))
        .unwrap();
    assert!(
        get(env, "PORTAL_UPLOADS_BUCKET").is_some(),
        "the retention sweep deletes documents"
    );
}

#[test]
fn the_api_answers_only_what_came_through_the_distribution_and_its_web_acl() {
    let template = template();
    let res = resources(&template);
    let config = get(&res["Distribution"], "Properties")
        .and_then(|p| get(p, "DistributionConfig"))
        .unwrap();
    assert!(get(config, "WebACLId").is_some(), "the web ACL is attached");
    let api = get(config, "Origins")
        .and_then(Value::as_sequence)
        .into_iter()
        .flatten()
        .find(|o| str_at(o, "Id") == Some("api"))
        .expect("the api origin");
    let headers = format!("{:?}", get(api, "OriginCustomHeaders"));
    assert!(
        headers.contains("X-Origin-Verify") && headers.contains("OriginVerifySecret"),
        "{headers}"
    );
    for function in ["SubmitFunction", "StatusFunction", "ReviewFunction"] {
        let env = get(&res[function], "Properties")
            .and_then(|p| get(p, "Environment"))
            .and_then(|e| get(e, "Variables"))
            .unwrap();
        assert!(
            get(env, "PORTAL_ORIGIN_VERIFY_PARAM").is_some(),
            "{function} checks the header"
        );
    }
}

/// The web ACL's rule on what creates things covers every route that spends (the same
/// routes the functions limit per client), and nothing a reader uses.
#[test]
fn the_web_acl_limits_every_route_that_spends() {
    let waf = parse_yaml(&root().join("../../infra/waf.yaml"));
    let acl = get(&resources(&waf)["WebAcl"], "Properties").unwrap();
    let rule = get(acl, "Rules")
        .and_then(Value::as_sequence)
        .into_iter()
        .flatten()
        .find(|r| str_at(r, "Name") == Some("creating-per-client"))
        .expect("the creating-per-client rule");
    let pattern = get(rule, "Statement")
        .and_then(|s| get(s, "RateBasedStatement"))
        .and_then(|s| get(s, "ScopeDownStatement"))
        .and_then(|s| get(s, "AndStatement"))
        .and_then(|s| get(s, "Statements"))
        .and_then(Value::as_sequence)
        .into_iter()
        .flatten()
        .find_map(|s| get(s, "RegexMatchStatement").and_then(|r| str_at(r, "RegexString")))
        .expect("the rule's RegexMatchStatement");
    let pattern = regex::Regex::new(pattern).unwrap();
    assert_eq!(
        get(rule, "Statement")
            .and_then(|s| get(s, "RateBasedStatement"))
            .and_then(|s| str_at(s, "AggregateKeyType")),
        Some("IP")
    );
    for route in table() {
        let path = content_model::placeholders::fill(
            route.path,
            &[("form", "dormitory"), ("draft", "d1"), ("reference", "R1")],
        );
        assert_eq!(
            pattern.is_match(&path),
            route.spends.is_some() && route.method == "POST",
            "{} {}: the web ACL's rule and the route table disagree",
            route.method,
            route.path
        );
    }
}

/// SES authorises a send from an identity that has a configuration set on the set as
/// well: the notifier's `ses:SendEmail` must name the set the identity uses, or AWS
/// refuses every e-mail (AccessDenied), which nothing offline would notice.
#[test]
fn the_notifier_may_send_through_the_senders_configuration_set() {
    let template = template();
    let res = resources(&template);
    let identity = get(&res["SenderIdentity"], "Properties").unwrap();
    let set = get(identity, "ConfigurationSetAttributes")
        .and_then(|c| get(c, "ConfigurationSetName"))
        .map(untag)
        .and_then(Value::as_str)
        .expect("the sender identity's configuration set, by !Ref");
    let send: Vec<String> = statements(&template, "NotifyRole")
        .into_iter()
        .filter(|s| list(get(s, "Action")).contains(&"ses:SendEmail".to_string()))
        .flat_map(|s| list(get(s, "Resource")))
        .collect();
    assert!(
        send.iter()
            .any(|r| r.ends_with(&format!(":configuration-set/${{{set}}}"))),
        "ses:SendEmail on {send:?} must include the configuration set {set}"
    );
}
