// The CloudFront Functions of infra/template.yaml, read from the template and run with a
// fake key value store:
// - DirectoryIndexFunction (viewer request): directory index, the 301 to the trailing
//   slash, and a missing page rewritten to the 404 page of its language;
// - NotFoundStatusFunction (viewer response): the status 404 for that page.
// `serve` below plays CloudFront between them: the cache/origin is a set of files (the
// bucket), a missing key is S3's 403, which the distribution's CustomErrorResponses turn
// into /404.html with 404 and after which no viewer-response function runs (CloudFront
// does not run one when the origin answered 400 or more). Whether the viewer-response
// event carries the request before or after the viewer-request function's rewrite is not
// documented for CloudFront Functions, so every end-to-end case runs both ways.
//
//   node --test tests/cloudfront/
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { template, resourceLines, functionCode, fakeStore, loadHandler } = require("./template.js");

// A small built site: what the bucket holds and, but for assets/, what PageKeys holds.
const SITE = [
  "/index.html",
  "/404.html",
  "/kk/404.html",
  "/kk-latn/404.html",
  "/ru/404.html",
  "/en/404.html",
  "/kk/index.html",
  "/ru/index.html",
  "/en/index.html",
  "/kk/services/index.html",
  "/ru/services/index.html",
  "/ru/services/academic-leave/index.html",
  "/en/services/index.html",
  "/sitemap.xml",
  "/robots.txt",
];
const BUCKET = new Set([...SITE, "/assets/site.0123abcd.css", "/assets/site.old00000.css"]);

function requestEvent(uri, querystring = {}) {
  return {
    version: "1.0",
    context: { eventType: "viewer-request" },
    viewer: { ip: "198.51.100.11" },
    request: { method: "GET", uri, querystring, headers: { host: { value: "example.edu.kz" } }, cookies: {} },
  };
}

async function viewerRequest(uri, { keys = SITE, fail = false, querystring } = {}) {
  const store = fakeStore(keys, { fail });
  const out = await loadHandler("DirectoryIndexFunction", store)(requestEvent(uri, querystring));
  return { out, store };
}

async function viewerResponse(request, statusCode, { keys = SITE } = {}) {
  const store = fakeStore(keys);
  const event = {
    version: "1.0",
    context: { eventType: "viewer-response" },
    viewer: { ip: "198.51.100.11" },
    request,
    response: { statusCode, statusDescription: "OK", headers: {}, cookies: {} },
  };
  return { out: await loadHandler("NotFoundStatusFunction", store)(event), store };
}

/**
 * One GET through the distribution's default behavior. `sees` is the request the
 * viewer-response function is given: "rewritten" (as the viewer-request function left
 * it) or "original" (as the viewer sent it). Returns the status and the file whose body
 * is sent (or the Location of a redirect).
 */
async function serve(uri, { sees, keys = SITE, bucket = BUCKET } = {}) {
  const sent = requestEvent(uri).request;
  const original = JSON.parse(JSON.stringify(sent));
  const reqStore = fakeStore(keys);
  const out = await loadHandler("DirectoryIndexFunction", reqStore)({ ...requestEvent(uri), request: sent });
  if (out.statusCode) return { status: out.statusCode, location: out.headers.location.value };
  if (!bucket.has(out.uri)) return { status: 404, body: "/404.html" }; // 403 → CustomErrorResponses
  const { out: response } = await viewerResponse(sees === "original" ? original : out, 200, { keys });
  return { status: response.statusCode, body: out.uri };
}

const BOTH = ["rewritten", "original"];

test("both functions are in the template, on cloudfront-js-2.0, with PageKeys and small", () => {
  for (const id of ["DirectoryIndexFunction", "NotFoundStatusFunction"]) {
    const own = resourceLines(id).join("\n");
    assert.match(own, /Type: AWS::CloudFront::Function/);
    assert.match(own, /Runtime: cloudfront-js-2\.0/);
    assert.match(own, /KeyValueStoreARN: !GetAtt PageKeys\.Arn/);
    // CloudFront's quota on a function's code is 10 KB.
    assert.ok(Buffer.byteLength(functionCode(id)) < 10 * 1024, `${id} under 10 KB`);
  }
  assert.match(resourceLines("PageKeys").join("\n"), /Type: AWS::CloudFront::KeyValueStore/);
  const dist = resourceLines("Distribution").join("\n");
  assert.match(
    dist,
    /- EventType: viewer-request\n\s+FunctionARN: !GetAtt DirectoryIndexFunction\.FunctionMetadata\.FunctionARN/,
  );
  assert.match(
    dist,
    /- EventType: viewer-response\n\s+FunctionARN: !GetAtt NotFoundStatusFunction\.FunctionMetadata\.FunctionARN/,
  );
  // The fallback for what the functions leave to the bucket stays.
  assert.match(dist, /- ErrorCode: 403\n\s+ResponseCode: 404\n\s+ResponsePagePath: \/404\.html/);
  assert.match(template, /PageKeysArn:\n\s+Description: .*\n\s+Value: !GetAtt PageKeys\.Arn/);
});

test("a directory URL gets its index.html", async () => {
  for (const uri of ["/kk/services/", "/ru/services/academic-leave/", "/"]) {
    const { out, store } = await viewerRequest(uri);
    assert.equal(out.uri, `${uri}index.html`);
    assert.equal(out.method, "GET");
    assert.deepEqual(store.kvsCalls, [[]], "cf.kvs() of the associated store");
  }
});

test("no trailing slash and no extension: a 301 to the slash, query string kept", async () => {
  let { out, store } = await viewerRequest("/kk/services");
  assert.equal(out.statusCode, 301);
  assert.equal(out.statusDescription, "Moved Permanently");
  assert.deepEqual(out.headers, { location: { value: "/kk/services/" } });
  assert.deepEqual(store.lookups, [], "the redirect asks the store nothing");

  ({ out } = await viewerRequest("/ru/status", {
    querystring: {
      reference: { value: "KZ-2026-0001" },
      empty: { value: "" },
      tag: { value: "a", multiValue: [{ value: "a" }, { value: "b" }] },
    },
  }));
  assert.equal(out.statusCode, 301);
  assert.equal(out.headers.location.value, "/ru/status/?reference=KZ-2026-0001&empty&tag=a&tag=b");

  // Also for a path that does not exist: the 404 comes after the redirect.
  ({ out } = await viewerRequest("/nope"));
  assert.equal(out.headers.location.value, "/nope/");
  assert.deepEqual(await serve("/nope/", { sees: "rewritten" }), { status: 404, body: "/404.html" });
});

test("a page the site has passes untouched", async () => {
  for (const uri of ["/ru/services/index.html", "/sitemap.xml", "/404.html", "/en/services/"]) {
    const { out, store } = await viewerRequest(uri);
    assert.equal(out.uri, uri.endsWith("/") ? `${uri}index.html` : uri);
    assert.deepEqual(store.lookups, [out.uri]);
  }
  for (const sees of BOTH) {
    assert.deepEqual(await serve("/ru/services/academic-leave/", { sees }), {
      status: 200,
      body: "/ru/services/academic-leave/index.html",
    });
    assert.deepEqual(await serve("/", { sees }), { status: 200, body: "/index.html" });
  }
});

test("a missing page under /ru/ gets the Russian 404 page with status 404", async () => {
  const { out } = await viewerRequest("/ru/x/");
  assert.equal(out.uri, "/ru/404.html");
  for (const sees of BOTH) {
    assert.deepEqual(await serve("/ru/x/", { sees }), { status: 404, body: "/ru/404.html" }, sees);
    assert.deepEqual(await serve("/ru/services/nope/", { sees }), { status: 404, body: "/ru/404.html" }, sees);
    assert.deepEqual(await serve("/ru/old-page.html", { sees }), { status: 404, body: "/ru/404.html" }, sees);
  }
});

test("/en/, /kk/ and /kk-latn/ get their own 404 page, anything else /404.html", async () => {
  const cases = [
    ["/en/x/", "/en/404.html"],
    ["/en/services/nope/", "/en/404.html"],
    ["/kk/x/", "/kk/404.html"],
    ["/kk/calendar.ics", "/kk/404.html"],
    ["/kk-latn/services/nope/", "/kk-latn/404.html"],
    ["/kk-latnx/", "/404.html"],
    ["/nope/", "/404.html"],
    ["/nope.html", "/404.html"],
    ["/de/x/", "/404.html"],
    ["/russian/x/", "/404.html"],
    ["/ru", null], // a redirect to /ru/, not a 404
  ];
  for (const [uri, page] of cases) {
    const { out } = await viewerRequest(uri);
    if (page === null) {
      assert.equal(out.statusCode, 301, uri);
      continue;
    }
    assert.equal(out.uri, page, uri);
    for (const sees of BOTH) {
      assert.deepEqual(await serve(uri, { sees }), { status: 404, body: page }, `${uri} (${sees})`);
    }
  }
});

test("assets are not looked up: a missing one gets the distribution's 404", async () => {
  const { out, store } = await viewerRequest("/assets/missing.css");
  assert.equal(out.uri, "/assets/missing.css");
  assert.deepEqual(store.lookups, []);
  // An old fingerprinted file, not in this build's keys, is still served.
  const old = await viewerRequest("/assets/site.old00000.css");
  assert.equal(old.out.uri, "/assets/site.old00000.css");
  for (const sees of BOTH) {
    assert.deepEqual(await serve("/assets/missing.css", { sees }), { status: 404, body: "/404.html" });
    assert.deepEqual(await serve("/assets/site.old00000.css", { sees }), {
      status: 200,
      body: "/assets/site.old00000.css",
    });
  }
});

test("a store not filled yet, or failing, changes nothing", async () => {
  for (const opts of [{ keys: [] }, { keys: ["/index.html", "/ru/index.html"] }, { fail: true }]) {
    for (const uri of ["/ru/x/", "/ru/services/", "/nope.html"]) {
      const { out } = await viewerRequest(uri, opts);
      assert.equal(out.uri, uri.endsWith("/") ? `${uri}index.html` : uri, JSON.stringify(opts));
    }
  }
  for (const sees of BOTH) {
    // Before the first upload's keys: the pages as before, missing ones via the bucket.
    assert.deepEqual(await serve("/ru/services/", { sees, keys: [] }), {
      status: 200,
      body: "/ru/services/index.html",
    });
    assert.deepEqual(await serve("/ru/x/", { sees, keys: [] }), { status: 404, body: "/404.html" });
  }
});

test("the response function: 404 for the 404 pages, other answers untouched", async () => {
  for (const uri of ["/404.html", "/kk/404.html", "/kk-latn/404.html", "/ru/404.html", "/en/404.html"]) {
    const { out } = await viewerResponse(requestEvent(uri).request, 200);
    assert.equal(out.statusCode, 404, uri);
    assert.equal(out.statusDescription, "Not Found");
  }
  // A page of the site (even one named 404.html deeper down) keeps its 200.
  const keys = [...SITE, "/ru/services/404.html"];
  for (const uri of ["/ru/services/index.html", "/ru/services/", "/assets/site.0123abcd.css", "/ru/services/404.html"]) {
    const { out } = await viewerResponse(requestEvent(uri).request, 200, { keys });
    assert.equal(out.statusCode, 200, uri);
  }
  // Not-modified, partial content, redirects: left as they are, the store not asked.
  for (const status of [206, 301, 304]) {
    const { out, store } = await viewerResponse(requestEvent("/ru/x/").request, status);
    assert.equal(out.statusCode, status);
    assert.deepEqual(store.lookups, []);
  }
  // The response's headers go through.
  const { out } = await viewerResponse(requestEvent("/ru/404.html").request, 200);
  assert.deepEqual(out.headers, {});
});

test("a 404 page asked for by its own URL answers 404 too", async () => {
  for (const sees of BOTH) {
    assert.deepEqual(await serve("/en/404.html", { sees }), { status: 404, body: "/en/404.html" });
  }
});
