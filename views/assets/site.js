// Progressive enhancement only: every page works without this file.
// 1. Questions that depend on an earlier answer are hidden until that answer is given
//    (without JavaScript they are all shown, each saying when it applies).
// 2. A form cannot be sent twice by a double click.
// 3. The error summary takes the focus, as GOV.UK's does.
(function () {
  "use strict";
  if (typeof document === "undefined") return; // loaded by the Node tests
  function update(form) {
    var blocks = form.querySelectorAll("[data-show-if]");
    for (var i = 0; i < blocks.length; i++) {
      var b = blocks[i];
      var name = b.getAttribute("data-show-if");
      var wanted = b.getAttribute("data-show-values").split(" ");
      var chosen = form.querySelector('input[name="' + name + '"]:checked');
      var show = !!chosen && wanted.indexOf(chosen.value) !== -1;
      b.hidden = !show;
      var cond = b.querySelector(".cond");
      if (cond) cond.hidden = true;
    }
  }
  var forms = document.querySelectorAll("form.app-form");
  for (var i = 0; i < forms.length; i++) {
    (function (form) {
      update(form);
      form.addEventListener("change", function () { update(form); });
    })(forms[i]);
  }
  var buttons = document.querySelectorAll("[data-prevent-double-click]");
  for (var j = 0; j < buttons.length; j++) {
    (function (button) {
      button.form && button.form.addEventListener("submit", function (e) {
        if (button.getAttribute("data-clicked")) { e.preventDefault(); return; }
        button.setAttribute("data-clicked", "1");
      });
    })(buttons[j]);
  }
  // The print button needs JavaScript, so it is shown only when it works.
  var printers = document.querySelectorAll("[data-print]");
  for (var k = 0; k < printers.length; k++) {
    printers[k].hidden = false;
    printers[k].addEventListener("click", function () { window.print(); });
  }
  var summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();
})();
// 4. Calculators (generator/src/calculators.rs). Without JavaScript the page shows the
//    rule, the examples and a table of due dates; this counts from any date, with the
//    page's holidays, and shows the fee and documents of a chosen situation. dueDate is
//    also run by tests/calculators/ under Node, against the vectors the Rust code passes.
(function () {
  "use strict";
  function iso(t) { return new Date(t).toISOString().slice(0, 10); }
  // The last of n working days from start (YYYY-MM-DD); start counts if it is a working
  // day. off: days off; work: weekend days made working (YYYY-MM-DD).
  function dueDate(start, n, off, work) {
    var t = Date.parse(start + "T00:00:00Z");
    if (isNaN(t)) return null;
    function working(t) {
      var d = iso(t), w = new Date(t).getUTCDay();
      return work.indexOf(d) !== -1 || (w !== 0 && w !== 6 && off.indexOf(d) === -1);
    }
    var counted = working(t) ? 1 : 0;
    while (counted < n) { t += 864e5; if (working(t)) counted++; }
    return iso(t);
  }
  if (typeof module !== "undefined" && module.exports) module.exports = { dueDate: dueDate };
  if (typeof document === "undefined") return;
  function list(el, name) { return (el.getAttribute(name) || "").split(" ").filter(Boolean); }
  var calcs = document.querySelectorAll("[data-due-calc]");
  for (var i = 0; i < calcs.length; i++) {
    (function (el) {
      var input = el.querySelector("input"), out = el.querySelector("output");
      var off = list(el, "data-days-off"), work = list(el, "data-working-weekends");
      var min = +el.getAttribute("data-days"), max = +el.getAttribute("data-days-max") || min;
      var days = list(el, "data-weekdays"), months = list(el, "data-months");
      function show(d) { // as the table of the page writes dates
        var t = new Date(d + "T00:00:00Z");
        return el.getAttribute("data-date-format").replace("{weekday}", days[(t.getUTCDay() + 6) % 7])
          .replace("{day}", t.getUTCDate()).replace("{month}", months[t.getUTCMonth()])
          .replace("{year}", t.getUTCFullYear());
      }
      function update() {
        var a = /^\d{4}-\d{2}-\d{2}$/.test(input.value) && dueDate(input.value, min, off, work);
        if (!a) { out.textContent = ""; return; }
        out.textContent = max > min
          ? el.getAttribute("data-template-range").replace("{from}", show(a))
              .replace("{to}", show(dueDate(input.value, max, off, work)))
          : el.getAttribute("data-template").replace("{date}", show(a));
      }
      var now = new Date();
      input.value = iso(Date.UTC(now.getFullYear(), now.getMonth(), now.getDate()));
      input.addEventListener("input", update);
      input.addEventListener("change", update);
      el.hidden = false;
      update();
    })(calcs[i]);
  }
  var fees = document.querySelectorAll("[data-fee-calc]");
  for (var j = 0; j < fees.length; j++) {
    (function (el) {
      var out = el.querySelector("[data-fee-result]");
      el.addEventListener("change", function (e) {
        var r = e.target, docs = JSON.parse(r.getAttribute("data-docs") || "[]");
        out.textContent = "";
        var p = document.createElement("p"), b = document.createElement("strong");
        p.textContent = el.getAttribute("data-fee-label") + ": ";
        b.textContent = r.getAttribute("data-fee");
        p.appendChild(b);
        out.appendChild(p);
        var q = document.createElement("p");
        q.textContent = docs.length ? el.getAttribute("data-docs-label") + ":" : el.getAttribute("data-none");
        out.appendChild(q);
        if (!docs.length) return;
        var ul = document.createElement("ul");
        ul.className = "checklist";
        docs.forEach(function (d) { var li = document.createElement("li"); li.textContent = d; ul.appendChild(li); });
        out.appendChild(ul);
      });
      el.hidden = false;
    })(fees[j]);
  }
})();
// 5. Site search (generator/src/search.rs): Pagefind's index for the page's language,
//    results drawn at the top of the page. Without JavaScript, with an empty box, or if
//    the index cannot be loaded, the form does what it does alone: opens the catalogue.
(function () {
  "use strict";
  if (typeof document === "undefined") return;
  var form = document.querySelector("form[data-search]");
  if (!form) return;
  var input = form.querySelector("input[name=q]"), pagefind = null;
  // Long pages are penalised less than Pagefind's default (0.75): a service's page that
  // is about the word, and says it many times, ranks above a short one that mentions it.
  function load() {
    return pagefind || (pagefind = import("/pagefind/pagefind.js").then(function (pf) {
      return Promise.resolve(pf.options({ ranking: { pageLength: 0.3 } })).then(function () { return pf; });
    }));
  }
  // Pagefind's excerpts are escaped text with <mark> around the words found: rebuilt
  // from text nodes, so nothing from the index becomes markup.
  function excerpt(html) {
    var p = document.createElement("p");
    var src = new DOMParser().parseFromString("<p>" + html + "</p>", "text/html").body;
    src.firstChild.childNodes.forEach(function (n) {
      var m = n.nodeName === "MARK" ? document.createElement("mark") : null;
      if (m) { m.textContent = n.textContent; p.appendChild(m); }
      else p.appendChild(document.createTextNode(n.textContent));
    });
    return p;
  }
  function render(results) {
    var old = document.querySelector(".search-results");
    if (old) old.remove();
    var box = document.createElement("section"), h = document.createElement("h2");
    box.className = "search-results";
    box.setAttribute("aria-labelledby", "search-results-title");
    h.id = "search-results-title";
    h.tabIndex = -1;
    h.textContent = form.getAttribute("data-search-heading") + ": " + input.value.trim();
    box.appendChild(h);
    if (!results.length) {
      var none = document.createElement("p"), a = document.createElement("a");
      a.href = form.getAttribute("action");
      a.textContent = form.getAttribute("data-search-none");
      none.appendChild(a);
      box.appendChild(none);
    } else {
      var ol = document.createElement("ol");
      results.forEach(function (r) {
        var li = document.createElement("li"), link = document.createElement("a");
        link.href = r.url;
        link.textContent = (r.meta && r.meta.title) || r.url;
        li.appendChild(link);
        li.appendChild(excerpt(r.excerpt || ""));
        ol.appendChild(li);
      });
      box.appendChild(ol);
    }
    var main = document.getElementById("main");
    main.insertBefore(box, main.firstChild);
    h.focus();
  }
  function search(q) {
    return load()
      .then(function (pf) { return pf.search(q); })
      .then(function (s) {
        return Promise.all(s.results.slice(0, 10).map(function (r) { return r.data(); }));
      })
      .then(render);
  }
  form.addEventListener("submit", function (e) {
    var q = input.value.trim();
    if (!q) return;
    e.preventDefault();
    search(q).catch(function () { form.submit(); });
  });
  // The catalogue opened with ?q= (the box used before this script ran, or a link):
  // search; if the index fails here, the catalogue below is the answer.
  var q = new URLSearchParams(location.search).get("q");
  if (q) { input.value = q; search(q).catch(function () {}); }
})();
