// The walker's "my round" page: a scanned (or typed) checkpoint code is posted to the scan API;
// when the phone is offline the scan is kept in localStorage with the time it was taken and sent
// when the connection returns (the "online" event) or on the next page load.
(function () {
  "use strict";

  var KEY = "houqin.scanQueue";
  var root = document.getElementById("my-round");
  if (!root) return;
  var api = root.getAttribute("data-scan-api");
  var sending = false;

  function csrfToken() {
    try { return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"]; }
    catch (e) { return ""; }
  }

  function readQueue() {
    try { return JSON.parse(window.localStorage.getItem(KEY) || "[]"); } catch (e) { return []; }
  }

  function writeQueue(queue) {
    window.localStorage.setItem(KEY, JSON.stringify(queue));
    var box = root.querySelector("[data-testid=queue-box]");
    root.querySelector("[data-testid=queue-count]").textContent = String(queue.length);
    box.hidden = queue.length === 0;
  }

  function say(text, kind) {
    var el = root.querySelector("[data-testid=scan-message]");
    el.className = "alert py-2 alert-" + kind;
    el.textContent = text;
    el.hidden = false;
  }

  function showScan(scan) {
    var row = root.querySelector('[data-stop="' + scan.checkpoint + '"] [data-testid=stop-state]');
    if (row) row.textContent = "\u2713 " + scan.scanned_at.substring(11, 16);
    var progress = root.querySelector("[data-testid=round-progress]");
    if (progress) progress.textContent = scan.scans_done + "/" + scan.stops_total;
  }

  // Resolves with the server's answer; rejects only when the request did not reach the server.
  function post(item) {
    var body = { token: item.token };
    if (item.scanned_at) body.scanned_at = item.scanned_at;
    return fetch(api, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        return { ok: response.ok, status: response.status, data: data };
      });
    });
  }

  function answered(result) {
    if (result.ok) {
      showScan(result.data);
      say(root.getAttribute(result.status === 201 ? "data-msg-sent" : "data-msg-already") +
          " " + result.data.checkpoint_name, "success");
    } else {
      say(result.data.detail || String(result.status), "danger");
    }
  }

  function enqueue(item) {
    var queue = readQueue();
    queue.push(item);
    writeQueue(queue);
    say(root.getAttribute("data-msg-queued"), "warning");
  }

  // Send the waiting scans one by one, oldest first, with the times they were taken.
  function flush() {
    var queue = readQueue();
    if (sending || !queue.length || !navigator.onLine) return;
    sending = true;
    post(queue[0]).then(function (result) {
      writeQueue(readQueue().slice(1));  // answered, even if refused: never sent twice
      answered(result);
      sending = false;
      flush();
    }, function () { sending = false; });
  }

  // Called with the decoded QR text (camera) or the typed code.
  function scanned(text) {
    text = (text || "").trim();
    if (!text) return;
    var item = { token: text, scanned_at: new Date().toISOString() };
    if (!navigator.onLine) { enqueue(item); return; }
    post({ token: text }).then(answered, function () { enqueue(item); });
  }

  window.HouqinRounds = { scanned: scanned, flush: flush, queue: readQueue };

  root.addEventListener("qr-scanned", function (e) { scanned(e.detail); });
  root.querySelector("#scan-form").addEventListener("submit", function (e) {
    e.preventDefault();
    var input = root.querySelector("#scan-code");
    scanned(input.value);
    input.value = "";
  });
  window.addEventListener("online", flush);
  writeQueue(readQueue());
  flush();
})();
