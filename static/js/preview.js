// Live Markdown preview: asks the server to render, so the preview is exactly the stored,
// sanitised HTML (one sanitiser, on the server). Without JavaScript the forms still post.
(function () {
  "use strict";
  var token = document.querySelector('meta[name="csrf-token"]');
  document.querySelectorAll("[data-preview-for]").forEach(function (target) {
    var form = target.closest("form");
    var field = form && form.querySelector('[name="' + target.dataset.previewFor + '"]');
    if (!field) { return; }
    var timer = null;
    var last = null;
    function render() {
      var text = field.value;
      if (text === last) { return; }
      last = text;
      fetch("/api/v1/preview", {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-CSRFToken": token ? token.content : "" },
        body: JSON.stringify({ text: text }),
        credentials: "same-origin"
      }).then(function (r) { return r.ok ? r.json() : null; }).then(function (data) {
        // The HTML comes from our own sanitiser (community/markup.py), never from the raw input.
        if (data) { target.innerHTML = data.html; }
      }).catch(function () { /* preview is a convenience; posting still works */ });
    }
    field.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(render, 250);
    });
    if (field.value) { render(); }
  });
})();
