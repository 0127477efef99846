// Live reload for `portal serve` only (never part of a built site): reloads the page
// after a rebuild and shows a build error over the page until it is fixed.
(function () {
  var overlay;
  function show(text) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;inset:0;z-index:9999;overflow:auto;background:rgba(11,12,12,.94);color:#fff;padding:2rem;font:14px/1.5 ui-monospace,monospace;white-space:pre-wrap";
      document.body.appendChild(overlay);
    }
    overlay.textContent = "Build failed — fix the content and save; this page reloads by itself.\n\n" + text;
  }
  var source = new EventSource("/__livereload");
  source.addEventListener("reload", function () { location.reload(); });
  source.addEventListener("error-report", function (e) { show(e.data); });
})();
