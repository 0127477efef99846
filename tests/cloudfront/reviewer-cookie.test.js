// The reviewer cookie → Authorization header function (infra/template.yaml,
// ReviewerCookieFunction), run from the template's own copy of its code.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { resourceLines, functionCode } = require("./template.js");

// A plain viewer-request function (no key value store): evaluated as CloudFront would.
// eslint-disable-next-line no-new-func
const handler = new Function(`"use strict";\n${functionCode("ReviewerCookieFunction")}\nreturn handler;`)();

function request({ cookies = {}, headers = {} } = {}) {
  const c = {};
  for (const [k, v] of Object.entries(cookies)) c[k] = { value: v };
  const h = {};
  for (const [k, v] of Object.entries(headers)) h[k] = { value: v };
  return { version: "1.0", context: { eventType: "viewer-request" }, request: { method: "GET", uri: "/api/review/applications", querystring: {}, headers: h, cookies: c } };
}

test("the reviewer cookie becomes a bearer Authorization header", () => {
  const out = handler(request({ cookies: { "__Host-portal_review": "eyJ.a.b", portal_review: "a.cookie.of.a.subdomain", other: "x" } }));
  assert.deepEqual(out.headers.authorization, { value: "Bearer eyJ.a.b" });
  assert.equal(out.uri, "/api/review/applications");
});

test("a request's own Authorization header is left as it is", () => {
  const out = handler(request({ cookies: { "__Host-portal_review": "cookie.token.x" }, headers: { authorization: "Bearer header.token.y" } }));
  assert.deepEqual(out.headers.authorization, { value: "Bearer header.token.y" });
});

test("without the cookie (or with an empty one) nothing is added", () => {
  assert.equal(handler(request()).headers.authorization, undefined);
  assert.equal(handler(request({ cookies: { "__Host-portal_review": "" } })).headers.authorization, undefined);
  assert.equal(handler(request({ cookies: { "__Host-portal_review_flow": "a.b", portal_review: "not.the.host.cookie" } })).headers.authorization, undefined);
});

test("it runs on /api/review/* only, before API Gateway", () => {
  assert.match(resourceLines("ReviewerCookieFunction").join("\n"), /Runtime: cloudfront-js-2\.0/);
  const dist = resourceLines("Distribution").join("\n");
  const review = dist.indexOf("- PathPattern: /api/review/*");
  const api = dist.indexOf("- PathPattern: /api/*");
  // CloudFront takes the first behaviour that matches: the narrower one comes first.
  assert.ok(review !== -1 && api !== -1 && review < api, "/api/review/* before /api/*");
  const behaviour = dist.slice(review, api);
  assert.match(behaviour, /TargetOriginId: api/);
  assert.match(behaviour, /CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad/); // CachingDisabled
  assert.match(behaviour, /- EventType: viewer-request\n\s+FunctionARN: !GetAtt ReviewerCookieFunction\.FunctionMetadata\.FunctionARN/);
  assert.equal((dist.match(/ReviewerCookieFunction/g) || []).length, 1, "on no other behaviour");
});
