// The round entry page (issue #19): while the reporter types, say how many figures are still missing
// and how many were typed or changed on this page, before anything is saved or sent.
(function () {
  "use strict";
  var form = document.getElementById("entry-form");
  var live = document.getElementById("live-summary");
  if (!form || !live) { return; }
  function initial(field) {
    if (field.tagName === "SELECT") {
      for (var i = 0; i < field.options.length; i++) {
        if (field.options[i].defaultSelected) { return field.options[i].value; }
      }
      return "";
    }
    return field.defaultValue;
  }
  function update() {
    var fields = form.querySelectorAll("[name^='value_']:not([disabled])");
    var missing = 0, changed = 0;
    fields.forEach(function (field) {
      var row = field.closest("tr");
      var empty = field.value.trim() === "";
      if (empty) { missing += 1; }
      var edited = field.value.trim() !== initial(field).trim();
      if (edited) { changed += 1; }
      if (row) {
        row.classList.toggle("missing", empty);
        row.classList.toggle("edited", edited);
      }
    });
    live.querySelector(".live-missing").textContent = missing;
    live.querySelector(".live-changed").textContent = changed;
    live.hidden = false;
  }
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  update();
})();
