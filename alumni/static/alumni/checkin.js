/* The organiser's check-in page: reads codes from the camera (jsQR) or the keyboard, verifies each code's
   signature here with the event's key (HMAC-SHA256 through WebCrypto), so it keeps working when the venue's
   network drops. Check-ins are queued in localStorage and sent when the network is back; the server refuses
   duplicates, so sending twice is harmless. */
(function () {
  "use strict";
  var root = document.getElementById("checkin");
  if (!root) { return; }
  var data = JSON.parse(document.getElementById("checkin-data").textContent);
  var text = JSON.parse(document.getElementById("checkin-messages").textContent);
  var storeKey = "civic-checkin-" + data.event;
  var state = load();
  var keyPromise = null;

  function load() {
    var saved = null;
    try { saved = JSON.parse(localStorage.getItem(storeKey) || "null"); } catch (e) { saved = null; }
    var fresh = { queue: [], done: {} };
    Object.keys(data.roster).forEach(function (id) {
      if (data.roster[id].status === "attended") { fresh.done[id] = data.roster[id].time || ""; }
    });
    if (saved && saved.done) {
      Object.keys(saved.done).forEach(function (id) { fresh.done[id] = saved.done[id]; });
      fresh.queue = saved.queue || [];
    }
    return fresh;
  }
  function save() { localStorage.setItem(storeKey, JSON.stringify(state)); }
  function fmt(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_, k) { return values[k] === undefined ? "" : values[k]; });
  }
  function show(kind, message) {
    var box = document.getElementById("checkin-result");
    box.className = "checkin-result checkin-" + kind;
    box.textContent = message;
    if (navigator.vibrate) { navigator.vibrate(kind === "ok" ? 80 : [60, 60, 60]); }
  }
  function status() {
    document.getElementById("checkin-net").textContent = navigator.onLine ? text.online : text.offline;
    document.getElementById("checkin-queue").textContent = state.queue.length ? fmt(text.waiting, { count: state.queue.length }) : "";
    document.getElementById("checkin-count").textContent = fmt(text.count, { count: Object.keys(state.done).length });
  }
  function hexBytes(hex) {
    var out = new Uint8Array(hex.length / 2);
    for (var i = 0; i < out.length; i++) { out[i] = parseInt(hex.substr(i * 2, 2), 16); }
    return out;
  }
  function b64url(buffer) {
    var bytes = new Uint8Array(buffer), s = "";
    for (var i = 0; i < bytes.length; i++) { s += String.fromCharCode(bytes[i]); }
    return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }
  function signature(eventId, registrationId) {
    if (!window.crypto || !window.crypto.subtle) { return Promise.resolve(null); }  // not a secure context
    keyPromise = keyPromise || window.crypto.subtle.importKey(
      "raw", hexBytes(data.key), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    return keyPromise.then(function (key) {
      return window.crypto.subtle.sign("HMAC", key, new TextEncoder().encode(eventId + "." + registrationId));
    }).then(function (mac) { return b64url(mac).slice(0, 22); });
  }
  function verify(code) {
    var parts = code.trim().split(".");
    if (parts.length !== 4 || parts[0] !== "CV1" || !/^\d+$/.test(parts[1]) || !/^\d+$/.test(parts[2])) {
      return Promise.resolve({ error: "malformed" });
    }
    if (Number(parts[1]) !== data.event) { return Promise.resolve({ error: "other_event" }); }
    return signature(parts[1], parts[2]).then(function (expected) {
      if (expected !== null && expected !== parts[3]) { return { error: "forged" }; }
      return { registration: parts[2] };
    });
  }
  function send(item) {
    return fetch(data.endpoint, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": root.dataset.csrf, "Accept": "application/json" },
      body: JSON.stringify(item)
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        return { status: response.status, body: body };
      });
    });
  }
  var flushing = false;
  function flush() {
    if (flushing || !navigator.onLine || !state.queue.length) { status(); return; }
    flushing = true;
    var item = state.queue[0];
    send(item).then(function (result) {
      flushing = false;
      if (result.status >= 500) { return; }  // try again later
      state.queue.shift();  // accepted, or refused for good (a duplicate is refused by the server)
      var error = result.body && result.body.error ? result.body.error : null;
      if (error && error.code !== "already_checked_in") {
        show("bad", fmt(text.server, { message: error.message || result.status }));
      }
      save();
      status();
      flush();
    }).catch(function () { flushing = false; status(); });
  }
  function handle(code) {
    code = (code || "").trim();
    if (!code) { return; }
    verify(code).then(function (result) {
      if (result.error) { show("bad", text[result.error]); return; }
      var id = result.registration, person = data.roster[id];
      if (!person && navigator.onLine) {
        // Registered after this page was loaded: the server knows.
        send({ code: code }).then(function (answer) {
          if (answer.status === 200) {
            state.done[id] = new Date().toTimeString().slice(0, 5);
            save();
            show("ok", fmt(text.ok, { name: answer.body.name }));
          } else {
            var error = answer.body && answer.body.error ? answer.body.error : {};
            show(error.code === "already_checked_in" ? "warn" : "bad", error.message || text.unknown);
          }
          status();
        }).catch(function () { show("bad", text.unknown); });
        return;
      }
      if (!person) { show("bad", text.unknown); return; }
      if (person.status !== "confirmed" && person.status !== "attended") {
        show("bad", fmt(text.no_place, { name: person.name }));
        return;
      }
      if (Object.prototype.hasOwnProperty.call(state.done, id)) {
        show("warn", fmt(text.repeat, { name: person.name, time: state.done[id] }));
        return;
      }
      var now = new Date();
      state.done[id] = now.toTimeString().slice(0, 5);
      var item = { code: code, scanned_at: now.toISOString() };
      save();
      if (!navigator.onLine) {
        state.queue.push(item);
        save();
        show("ok", fmt(text.queued, { name: person.name }));
        status();
        return;
      }
      send(item).then(function (answer) {
        if (answer.status === 200) {
          show("ok", fmt(text.ok, { name: person.name }));
        } else if (answer.status >= 500) {
          state.queue.push(item);
          save();
          show("ok", fmt(text.queued, { name: person.name }));
        } else {
          var error = answer.body && answer.body.error ? answer.body.error : {};
          show(error.code === "already_checked_in" ? "warn" : "bad", fmt(text.server, { message: error.message || answer.status }));
        }
        status();
      }).catch(function () {
        state.queue.push(item);
        save();
        show("ok", fmt(text.queued, { name: person.name }));
        status();
      });
    });
  }

  document.getElementById("checkin-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var input = document.getElementById("checkin-code");
    handle(input.value);
    input.value = "";
    input.focus();
  });

  var lastCode = "", lastAt = 0;
  document.getElementById("checkin-camera").addEventListener("click", function () {
    var video = document.getElementById("checkin-video");
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia || !window.jsQR) {
      show("bad", text.no_camera);
      return;
    }
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (stream) {
      video.srcObject = stream;
      video.hidden = false;
      video.play();
      var canvas = document.createElement("canvas"), context = canvas.getContext("2d", { willReadFrequently: true });
      (function tick() {
        if (video.readyState === video.HAVE_ENOUGH_DATA) {
          canvas.width = video.videoWidth;
          canvas.height = video.videoHeight;
          context.drawImage(video, 0, 0, canvas.width, canvas.height);
          var found = window.jsQR(context.getImageData(0, 0, canvas.width, canvas.height).data, canvas.width, canvas.height);
          var now = Date.now();
          if (found && found.data && (found.data !== lastCode || now - lastAt > 3000)) {
            lastCode = found.data;
            lastAt = now;
            handle(found.data);
          }
        }
        window.setTimeout(tick, 250);
      })();
    }).catch(function () { show("bad", text.no_camera); });
  });

  window.addEventListener("online", flush);
  window.addEventListener("offline", status);
  window.setInterval(flush, 15000);
  status();
  flush();
})();
