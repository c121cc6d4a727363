// The public display page of an info screen: shows one message at a time for its own number of
// seconds, and fetches the list again every refresh interval (the screen runs for days without
// anyone reloading it). A renewed or removed screen address makes the feed answer 404: the page
// then reloads and shows the error, so the screen goes dark instead of showing stale messages.
(function () {
  "use strict";
  var root = document.querySelector("[data-display]");
  if (!root) return;
  var stage = root.querySelector("[data-slides]");
  var feedUrl = root.getAttribute("data-feed");
  var refreshMs = Math.max(2, parseInt(root.getAttribute("data-refresh"), 10) || 60) * 1000;
  var index = 0;
  var timer = null;

  function slides() {
    return stage.querySelectorAll(".slide");
  }

  function show(i) {
    var all = slides();
    if (!all.length) return;
    index = i % all.length;
    for (var n = 0; n < all.length; n++) all[n].classList.toggle("active", n === index);
    clearTimeout(timer);
    var seconds = parseInt(all[index].getAttribute("data-seconds"), 10) || 15;
    timer = setTimeout(function () { show(index + 1); }, seconds * 1000);
  }

  // Replace the slides, keeping the message on screen (and its timer) if it is still current.
  function replace(html) {
    var current = slides()[index];
    var key = current ? current.getAttribute("data-message") : null;
    stage.innerHTML = html;
    var all = slides();
    for (var n = 0; n < all.length; n++) {
      if (key && all[n].getAttribute("data-message") === key) {
        index = n;
        for (var m = 0; m < all.length; m++) all[m].classList.toggle("active", m === n);
        return;
      }
    }
    show(0);
  }

  function refresh() {
    fetch(feedUrl, { credentials: "omit", cache: "no-store" })
      .then(function (response) {
        if (response.status === 404) {
          window.location.reload();
          return null;
        }
        return response.ok ? response.text() : null;
      })
      .then(function (html) {
        if (typeof html === "string") replace(html);
      })
      .catch(function () { /* the network is down: keep showing what we have */ })
      .then(function () { setTimeout(refresh, refreshMs); });
  }

  show(0);
  setTimeout(refresh, refreshMs);
})();
