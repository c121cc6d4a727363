// The walker's "my round" page: a scanned (or typed) checkpoint code is posted to the scan API;
// when the phone is offline the scan is kept in localStorage with the time it was taken and sent
// when the connection returns (the "online" event) or on the next page load. After a scan the
// checkpoint's check items are shown as pass/fail toggles; their results go to the scan's
// results endpoint, or, while the scan itself still waits in the queue, along with it.
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

  // The route's stops (code, signed token, check items) embedded in the page, to show the
  // items of a checkpoint scanned while offline.
  var stops = {};
  try { stops = JSON.parse(document.getElementById("stop-data").textContent); } catch (e) {}

  function findStop(text) {
    var token = text.indexOf("/s/") >= 0 ? text.split("/s/")[1].split("?")[0].replace(/\/+$/, "") : text;
    for (var id in stops) {
      if (stops[id].token === token || stops[id].code === text.toUpperCase()) return stops[id];
    }
    return null;
  }

  // The check-items panel: which scan it belongs to (its id, or the queued scan's time).
  var panel = root.querySelector("#check-panel");
  var template = root.querySelector("#check-item-template");
  var target = { scan: null, queuedAt: null };

  function itemRow(item) {
    var row = template.content.firstElementChild.cloneNode(true);
    row.querySelectorAll("[name],[id],[for]").forEach(function (el) {
      ["name", "id", "for"].forEach(function (attr) {
        var value = el.getAttribute(attr);
        if (value) el.setAttribute(attr, value.replace("__ID__", item.id));
      });
    });
    row.setAttribute("data-item", item.id);
    row.querySelector("[data-testid=check-item-text]").textContent = item.text;
    if (item.result) {
      row.querySelector('[value="' + (item.result.passed ? "pass" : "fail") + '"]').checked = true;
      row.querySelector("[data-testid=item-note]").value = item.result.note || "";
    }
    return row;
  }

  function showItems(name, items, scanId, queuedAt) {
    target = { scan: scanId, queuedAt: queuedAt };
    var box = panel.querySelector("[data-check-items]");
    box.textContent = "";
    (items || []).forEach(function (item) { box.appendChild(itemRow(item)); });
    panel.querySelector("[data-testid=check-panel-checkpoint]").textContent = name;
    panel.hidden = !(items && items.length);
  }

  function collect() {
    var out = [];
    panel.querySelectorAll("[data-item]").forEach(function (row) {
      var choice = row.querySelector("input[type=radio]:checked");
      out.push({
        item: parseInt(row.getAttribute("data-item"), 10),
        passed: !choice || choice.value === "pass",
        note: row.querySelector("[data-testid=item-note]").value.trim()
      });
    });
    return out;
  }

  // Resolves with the server's answer; rejects only when the request did not reach the server.
  function post(entry) {
    var url = api, body;
    if (entry.scan) {
      url = api + entry.scan + "/results/";
      body = { results: entry.results };
    } else {
      body = { token: entry.token };
      if (entry.scanned_at) body.scanned_at = entry.scanned_at;
      if (entry.results) body.results = entry.results;
    }
    return fetch(url, {
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

  function failure(result) {
    var errors = result.data.errors || {};
    var first = Object.keys(errors).filter(function (k) { return k !== "non_field_errors"; })[0];
    var extra = first ? " " + JSON.stringify(errors[first]) : "";
    say((result.data.detail || String(result.status)) + extra, "danger");
  }

  function answered(result, entry) {
    if (!result.ok) { failure(result); return; }
    showScan(result.data);
    if (entry && entry.scan) { say(root.getAttribute("data-msg-saved"), "success"); return; }
    say(root.getAttribute(result.status === 201 ? "data-msg-sent" : "data-msg-already") +
        " " + result.data.checkpoint_name, "success");
    if (!entry) {
      showItems(result.data.checkpoint_name, result.data.items, result.data.id, null);
    } else if (target.queuedAt && target.queuedAt === entry.scanned_at) {
      target = { scan: result.data.id, queuedAt: null };  // later saves go to the scan itself
    }
  }

  function enqueue(entry, message) {
    var queue = readQueue();
    queue.push(entry);
    writeQueue(queue);
    say(root.getAttribute(message || "data-msg-queued"), "warning");
  }

  // Send the waiting scans and results one by one, oldest first (scans with the times they
  // were taken).
  function flush() {
    var queue = readQueue();
    if (sending || !queue.length || !navigator.onLine) return;
    sending = true;
    var entry = queue[0];
    post(entry).then(function (result) {
      writeQueue(readQueue().slice(1));  // answered, even if refused: never sent twice
      answered(result, entry);
      sending = false;
      flush();
    }, function () { sending = false; });
  }

  // Called with the decoded QR text (camera) or the typed code.
  function scanned(text) {
    text = (text || "").trim();
    if (!text) return;
    var entry = { token: text, scanned_at: new Date().toISOString() };
    var offline = function () {
      enqueue(entry);
      var stop = findStop(text);
      if (stop) showItems(stop.name, stop.items, null, entry.scanned_at);
    };
    if (!navigator.onLine) { offline(); return; }
    post({ token: text }).then(function (result) { answered(result); }, offline);
  }

  // Save the panel's results: to the scan's results endpoint, or into its queued scan.
  function save() {
    var results = collect();
    if (target.queuedAt) {
      var queue = readQueue();
      var waiting = queue.filter(function (e) { return e.scanned_at === target.queuedAt; })[0];
      if (waiting) {
        waiting.results = results;
        writeQueue(queue);
        say(root.getAttribute("data-msg-results-queued"), "warning");
        return;
      }
    }
    if (!target.scan) return;
    var entry = { scan: target.scan, results: results };
    if (!navigator.onLine) { enqueue(entry, "data-msg-results-queued"); return; }
    post(entry).then(function (result) { answered(result, entry); }, function () {
      enqueue(entry, "data-msg-results-queued");
    });
  }

  window.HouqinRounds = { scanned: scanned, flush: flush, queue: readQueue, save: save };

  root.addEventListener("qr-scanned", function (e) { scanned(e.detail); });
  root.querySelector("#scan-form").addEventListener("submit", function (e) {
    e.preventDefault();
    var input = root.querySelector("#scan-code");
    scanned(input.value);
    input.value = "";
  });
  panel.addEventListener("submit", function (e) { e.preventDefault(); save(); });
  window.addEventListener("online", flush);
  writeQueue(readQueue());
  flush();
})();
