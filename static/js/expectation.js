// The ask page's one-line expectation for the tags typed ("Questions tagged router usually get a
// first answer within about 3 hours"). The server says nothing when it has too little data.
(function () {
  "use strict";
  var input = document.querySelector('#ask-form input[name="tags"]');
  var field = input && input.closest(".field");
  if (!field) { return; }
  var line = document.createElement("p");
  line.id = "answer-expectation";
  line.className = "help expectation";
  line.setAttribute("aria-live", "polite");
  line.hidden = true;
  field.appendChild(line);
  var timer = null;
  var last = null;
  function update() {
    var tags = input.value.trim().toLowerCase();
    if (tags === last) { return; }
    last = tags;
    if (!tags) { line.hidden = true; return; }
    fetch("/api/v1/stats/expectation?tags=" + encodeURIComponent(tags), {
      credentials: "same-origin", headers: { Accept: "application/json" }
    }).then(function (r) { return r.ok ? r.json() : null; }).then(function (data) {
      var found = data && data.expectation;
      line.textContent = found ? found.text : "";
      line.hidden = !found;
    }).catch(function () { line.hidden = true; });
  }
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(update, 400);
  });
  input.addEventListener("change", update);
  update();
})();
