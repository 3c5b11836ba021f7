// "Similar questions" while asking (docs/ask-page-contract.md). Without JavaScript the ask form
// posts as usual; with it, the title (and, as it grows, the body) is sent to /api/v1/suggest
// and up to five matches are listed. The draft is kept in sessionStorage, so opening a
// suggestion and coming back (or reloading) never loses what was typed.
(function () {
  "use strict";
  var region = document.getElementById("similar-questions");
  var form = document.getElementById("ask-form");
  if (!region || !form) { return; }
  var list = region.querySelector("ol");
  var status = region.querySelector("[data-suggest-status]");
  var title = form.querySelector('[name="title"]');
  var body = form.querySelector('[name="body"]');
  var tags = form.querySelector('[name="tags"]');
  if (!list || !title) { return; }
  var noJs = region.querySelector("[data-suggest-nojs]");
  if (noJs) { noJs.hidden = true; }

  var URL = region.getAttribute("data-suggest-url") || "/api/v1/suggest";
  var LIMIT = 5;
  var MIN_TITLE = 4; // characters before the first query
  var BODY_STEP = 40; // re-query when the body has grown or shrunk by this many characters
  var BODY_MAX = 1500; // characters of body sent as context
  var DRAFT_KEY = "community.ask_draft";
  var TOKEN_RE = /^[0-9a-f]{32}$/;
  var timer = null;
  var lastTitle = null;
  var lastBodyLength = -1;
  var sequence = 0;

  // -- draft kept across opening a suggestion ------------------------------------------
  function storage() {
    try { return window.sessionStorage; } catch (e) { return null; }
  }
  function saveDraft() {
    var store = storage();
    if (!store) { return; }
    try {
      store.setItem(DRAFT_KEY, JSON.stringify({
        title: title.value, body: body ? body.value : "", tags: tags ? tags.value : ""
      }));
    } catch (e) { /* storage full or disabled: the form still works */ }
  }
  function restoreDraft() {
    var store = storage();
    if (!store) { return; }
    var raw = store.getItem(DRAFT_KEY);
    // Values the server filled (a draft kept across login, a re-shown form) win.
    if (!raw || title.value || (body && body.value) || (tags && tags.value)) { return; }
    try {
      var draft = JSON.parse(raw);
      title.value = typeof draft.title === "string" ? draft.title : "";
      if (body && typeof draft.body === "string") { body.value = draft.body; }
      if (tags && typeof draft.tags === "string") { tags.value = draft.tags; }
      if (body && body.value) { body.dispatchEvent(new Event("input")); } // refresh the preview
    } catch (e) { store.removeItem(DRAFT_KEY); }
  }

  // -- rendering -------------------------------------------------------------------------
  function askToken() {
    var input = form.querySelector('input[name="session_token"]');
    var value = input ? input.value : "";
    return TOKEN_RE.test(value) ? value : "";
  }
  function itemHref(url, rank) {
    var token = askToken();
    if (!token) { return url; }
    return url + (url.indexOf("?") === -1 ? "?" : "&") + "ask=" + token + "&rank=" + rank;
  }
  // title_html is escaped by the server with matched words in <mark>; rebuild it from text
  // nodes and <mark> elements only, so nothing else could ever be injected.
  function appendMarked(parent, html, fallback) {
    var doc = new DOMParser().parseFromString("<div>" + (html || "") + "</div>", "text/html");
    var root = doc.body.firstChild;
    if (!root || !root.childNodes.length) { parent.textContent = fallback; return; }
    root.childNodes.forEach(function (node) {
      if (node.nodeType === 1 && node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        parent.appendChild(mark);
      } else {
        parent.appendChild(document.createTextNode(node.textContent));
      }
    });
  }
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }
  function setStatus(text) {
    if (status) { status.textContent = text; }
  }
  function render(results) {
    list.textContent = "";
    var items = [];
    results.slice(0, LIMIT).forEach(function (r, i) {
      var rank = i + 1;
      var li = el("li", "suggestion");
      li.setAttribute("data-kind", r.kind);
      li.setAttribute("data-id", String(r.id));
      li.setAttribute("data-rank", String(rank));
      var link = el("a");
      link.href = itemHref(r.url, rank);
      if (r.kind === "video") { link.appendChild(el("span", "badge", "Video")); link.appendChild(document.createTextNode(" ")); }
      appendMarked(link, r.title_html, r.title);
      li.appendChild(link);
      var meta = el("p", "meta");
      if (r.solved) { meta.appendChild(el("span", "badge solved", "Solved")); meta.appendChild(document.createTextNode(" ")); }
      if (r.kind !== "video") {
        meta.appendChild(el("span", "answers", r.answers + (r.answers === 1 ? " answer" : " answers")));
      }
      li.appendChild(meta);
      if (r.tags && r.tags.length) {
        var tagList = el("ul", "tags");
        tagList.setAttribute("aria-label", "Tags");
        r.tags.forEach(function (t) { tagList.appendChild(el("li", "tag", t)); });
        li.appendChild(tagList);
      }
      list.appendChild(li);
      items.push({ kind: r.kind, id: r.id, rank: rank });
    });
    if (items.length) {
      setStatus(items.length === 1 ? "1 existing question may answer this:" :
        items.length + " existing questions may answer this:");
      document.dispatchEvent(new CustomEvent("community:suggestions-shown", { detail: { items: items } }));
    } else if (title.value.trim().length >= MIN_TITLE) {
      setStatus("No similar questions yet. Post yours and the community will help.");
    } else {
      setStatus("Start typing a title to see answers that may already solve it.");
    }
  }

  // -- fetching --------------------------------------------------------------------------
  function query(force) {
    var t = title.value.trim();
    var b = body ? body.value.trim().slice(0, BODY_MAX) : "";
    if (t.length < MIN_TITLE) {
      lastTitle = null;
      lastBodyLength = -1;
      render([]);
      return;
    }
    var bodyMoved = Math.abs(b.length - lastBodyLength) >= BODY_STEP || (b.length === 0) !== (lastBodyLength <= 0);
    if (!force && t === lastTitle && !bodyMoved) { return; }
    lastTitle = t;
    lastBodyLength = b.length;
    var mine = ++sequence;
    var params = new URLSearchParams({ q: t, limit: String(LIMIT) });
    if (b) { params.set("body", b); }
    region.setAttribute("aria-busy", "true");
    fetch(URL + "?" + params.toString(), {
      headers: { Accept: "application/json" }, credentials: "same-origin"
    }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (data) {
      if (mine !== sequence) { return; } // a newer query was sent meanwhile
      region.removeAttribute("aria-busy");
      if (data && Array.isArray(data.results)) { render(data.results); }
    }).catch(function () {
      region.removeAttribute("aria-busy"); // suggestions are a help; asking still works
    });
  }
  function schedule(delay) {
    clearTimeout(timer);
    timer = setTimeout(function () { query(false); }, delay);
  }

  // -- keyboard: arrow keys move between suggestions ------------------------------------
  list.addEventListener("keydown", function (event) {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") { return; }
    var links = Array.prototype.slice.call(list.querySelectorAll("a"));
    var index = links.indexOf(document.activeElement);
    if (index === -1) { return; }
    var next = links[index + (event.key === "ArrowDown" ? 1 : -1)];
    if (next) { next.focus(); event.preventDefault(); }
  });

  title.addEventListener("input", function () { saveDraft(); schedule(250); });
  if (body) { body.addEventListener("input", function () { saveDraft(); schedule(600); }); }
  if (tags) { tags.addEventListener("input", saveDraft); }
  form.addEventListener("submit", function () {
    var store = storage();
    if (store) { store.removeItem(DRAFT_KEY); }
  });
  restoreDraft();
  if (title.value.trim().length >= MIN_TITLE) { query(true); }
})();
