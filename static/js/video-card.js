// Click-to-play video cards (rendered by community/markup.py). Nothing is requested from YouTube
// or Vimeo until the visitor presses "Play": the card holds only data attributes and a link.
// The player URL comes from the server (built from the parsed id, never the raw link) and is
// checked again here against the two player origins the CSP allows.
(function () {
  "use strict";
  var PLAYERS = [
    /^https:\/\/www\.youtube-nocookie\.com\/embed\/[A-Za-z0-9_-]{11}(\?start=[0-9]{1,5})?$/,
    /^https:\/\/player\.vimeo\.com\/video\/[0-9]{1,12}(#t=[0-9]{1,5}s)?$/
  ];

  function allowed(src) {
    return PLAYERS.some(function (re) { return re.test(src); });
  }

  function play(button) {
    var card = button.closest(".video-card");
    if (!card) { return; }
    var src = card.getAttribute("data-embed-src") || "";
    if (!allowed(src)) { return; }
    var title = card.querySelector(".video-card-title");
    var frame = document.createElement("iframe");
    frame.src = src;
    frame.title = title ? title.textContent : "Video player";
    frame.className = "video-card-frame";
    frame.setAttribute("allow", "autoplay; encrypted-media; picture-in-picture; fullscreen");
    frame.setAttribute("allowfullscreen", "");
    frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
    var holder = button.parentNode;
    holder.replaceChild(frame, button);
    card.classList.add("is-playing");
    frame.focus();
  }

  // Delegated, so cards added later (the live preview) work too.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".video-card-play");
    if (button) {
      event.preventDefault();
      play(button);
    }
  });
})();
