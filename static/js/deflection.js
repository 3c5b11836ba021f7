// Ask-session tracking (docs/ask-page-contract.md). No IP and no user agent: only a random token
// kept in this tab's sessionStorage. Events go out with navigator.sendBeacon, so they still
// arrive when a suggestion is opened in a new tab, the tab is closed or the visitor navigates
// away. The server makes every event idempotent, so reloads and repeats never double count.
(function () {
  "use strict";
  var KEY = "community.ask_session";
  var ENDPOINT = "/api/v1/deflection/events";
  var TOKEN_RE = /^[0-9a-f]{32}$/;
  var KINDS = { question: true, video: true };

  function isToken(value) { return typeof value === "string" && TOKEN_RE.test(value); }

  function send(event) {
    var body = JSON.stringify(event);
    try {
      if (navigator.sendBeacon &&
          navigator.sendBeacon(ENDPOINT, new Blob([body], { type: "application/json" }))) {
        return true;
      }
    } catch (err) { /* fall through to fetch */ }
    if (!window.fetch) { return false; }
    fetch(ENDPOINT, {
      method: "POST", body: body, keepalive: true, credentials: "omit",
      headers: { "Content-Type": "application/json" }
    }).catch(function () { /* tracking must never disturb the visitor */ });
    return true;
  }

  function newToken() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID().replace(/-/g, ""); }
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  function stored() { try { return sessionStorage.getItem(KEY); } catch (err) { return null; } }
  function store(token) { try { sessionStorage.setItem(KEY, token); } catch (err) { /* private mode */ } }
  function forget() { try { sessionStorage.removeItem(KEY); } catch (err) { /* private mode */ } }

  function cleanItem(kind, id, rank) {
    id = Number(id);
    rank = Number(rank);
    if (!KINDS[kind] || !(id > 0) || Math.floor(id) !== id) { return null; }
    var item = { kind: kind, id: id };
    if (rank > 0 && Math.floor(rank) === rank && rank <= 50) { item.rank = rank; }
    return item;
  }

  function askPage(form) {
    var input = form.querySelector('input[name="session_token"]');
    var fromUrl = new URLSearchParams(window.location.search).get("ask");
    // The hidden input wins: it is set again after a failed post or after logging in.
    var candidates = [input && input.value, fromUrl, stored()];
    var token = null;
    for (var i = 0; i < candidates.length; i++) {
      if (isToken(candidates[i])) { token = candidates[i]; break; }
    }
    token = token || newToken();
    store(token);
    if (input) { input.value = token; }
    send({ session: token, kind: "ask_started" });

    var shown = {};
    document.addEventListener("community:suggestions-shown", function (event) {
      var raw = (event.detail && event.detail.items) || [];
      var items = [];
      for (var j = 0; j < raw.length && items.length < 10; j++) {
        var item = raw[j] && cleanItem(raw[j].kind, raw[j].id, raw[j].rank);
        var key = item && item.kind + ":" + item.id;
        if (item && item.rank && !shown[key]) { shown[key] = true; items.push(item); }
      }
      if (items.length) { send({ session: token, kind: "suggestions_shown", items: items }); }
    });

    function opened(event) {
      if (event.type === "auxclick" && event.button !== 1) { return; }
      var link = event.target.closest && event.target.closest("#similar-questions a[href]");
      var entry = link && link.closest("[data-kind][data-id]");
      var item = entry && cleanItem(entry.dataset.kind, entry.dataset.id, entry.dataset.rank);
      if (item && item.rank) { send({ session: token, kind: "suggestion_opened", item: item }); }
    }
    document.addEventListener("click", opened, true);
    document.addEventListener("auxclick", opened, true);
    // Posting ends the session; the hidden input carries the token to the server.
    form.addEventListener("submit", forget);
  }

  function solvedPanel(panel) {
    var form = panel.querySelector("form[data-deflection-feedback]");
    var thanks = panel.querySelector("[data-deflection-thanks]");
    if (!form || !thanks) { return; }
    form.addEventListener("submit", function (event) {
      var verdict = event.submitter && event.submitter.value;
      if (verdict !== "yes" && verdict !== "no") { return; }
      var data = new FormData(form);
      var item = cleanItem(data.get("item_kind"), data.get("item_id"), data.get("rank"));
      if (!item || !isToken(data.get("session"))) { return; }
      var sent = send({
        session: data.get("session"), kind: verdict === "yes" ? "solved_yes" : "solved_no", item: item
      });
      if (!sent) { return; } // the plain form posts instead
      event.preventDefault();
      form.hidden = true;
      thanks.textContent = verdict === "yes"
        ? "Thanks! Glad this solved your problem."
        : "Thanks for telling us. Your question draft is still open in the ask page.";
      thanks.hidden = false;
    });
  }

  var askForm = document.getElementById("ask-form");
  if (askForm) { askPage(askForm); }
  document.querySelectorAll("[data-deflection-panel]").forEach(solvedPanel);
})();
