// Progressive enhancement only: every page works without this file.
// 1. Questions that depend on an earlier answer are hidden until that answer is given
//    (without JavaScript they are all shown, each saying when it applies).
// 2. A form cannot be sent twice by a double click.
// 3. The error summary takes the focus, as GOV.UK's does.
(function () {
  "use strict";
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
