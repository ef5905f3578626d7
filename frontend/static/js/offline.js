/* Offline reading and quizzes, on top of pages that work without it: registers the service worker, saves a
   module for offline ("Save for offline", with its size first), keeps quiz answers given offline on the phone
   and sends them when the network is back, and says on every page whether it is offline and what waits. */
(function () {
  'use strict';
  var SAVED = 'civic-saved-v1';
  var OUTBOX = 'civic-outbox';
  var status = document.querySelector('[data-net-status]');

  function outbox() {
    try { return JSON.parse(localStorage.getItem(OUTBOX)) || []; } catch (e) { return []; }
  }
  function keep(items) { localStorage.setItem(OUTBOX, JSON.stringify(items)); }

  function showStatus(extra) {
    if (!status) { return; }
    var parts = [];
    if (!navigator.onLine) { parts.push(status.dataset.offline); }
    var waiting = outbox().length;
    if (waiting) { parts.push(status.dataset.pending.replace('{n}', waiting)); }
    status.querySelector('[data-net-text]').textContent = parts.join(' ');
    var sent = status.querySelector('[data-net-sent]');
    if (extra) { sent.href = extra; sent.hidden = false; }
    status.hidden = !parts.length && sent.hidden;
    document.documentElement.classList.toggle('is-offline', !navigator.onLine);
  }

  function size(bytes) {
    return bytes >= 1048576 ? (bytes / 1048576).toFixed(1) + ' MB' : Math.max(1, Math.round(bytes / 1024)) + ' KB';
  }

  // Quiz answers given offline: kept on the phone with the time they were given.
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (navigator.onLine || !form.matches || !form.matches('form.quiz-form')) { return; }
    event.preventDefault();
    var fields = [];
    new FormData(form).forEach(function (value, name) { if (name !== 'confirm') { fields.push([name, value]); } });
    fields.push(['confirm', 'partial'], ['answered_offline_at', new Date().toISOString()]);
    var items = outbox();
    items.push({ action: form.action, fields: fields });
    keep(items);
    var note = form.querySelector('[data-offline-kept]');
    if (note) { note.hidden = false; note.focus(); }
    showStatus();
  }, true);

  var sending = false;
  function flush() {
    var items = outbox();
    if (sending || !items.length || !navigator.onLine) { return; }
    sending = true;
    var body = new URLSearchParams();
    items[0].fields.forEach(function (field) { body.append(field[0], field[1]); });
    fetch(items[0].action, { method: 'POST', body: body, credentials: 'same-origin' }).then(function (response) {
      // Answered: the server scored it, or said why not (on the page it sends back). Either way it is done.
      keep(outbox().slice(1));
      sending = false;
      showStatus(response.url);
      flush();
    }, function () { sending = false; showStatus(); });
  }

  // "Save for offline" on a module: the list of files and their size first, then each file into the cache.
  var save = document.querySelector('[data-offline-save]');
  if (save && 'caches' in window && 'serviceWorker' in navigator) {
    fetch(save.dataset.manifest, { credentials: 'same-origin' }).then(function (r) { return r.json(); }).then(function (data) {
      var button = save.querySelector('[data-offline-button]');
      var progress = save.querySelector('[data-offline-progress]');
      save.querySelector('[data-offline-size]').textContent = save.dataset.sizeText.replace('{size}', size(data.bytes));
      save.hidden = false;
      button.addEventListener('click', function () {
        button.disabled = true;
        caches.open(SAVED).then(function (cache) {
          var done = 0;
          return data.files.reduce(function (chain, file) {
            return chain.then(function () {
              return cache.add(file.url).then(function () {
                done += 1;
                progress.textContent = save.dataset.progressText.replace('{done}', done).replace('{total}', data.files.length);
              });
            });
          }, Promise.resolve());
        }).then(function () {
          progress.textContent = save.dataset.doneText;
          button.disabled = false;
        }, function () {
          progress.textContent = save.dataset.failedText;
          button.disabled = false;
        });
      });
    });
  }

  if ('serviceWorker' in navigator) { navigator.serviceWorker.register('/sw.js', { scope: '/' }); }
  window.addEventListener('online', function () { showStatus(); flush(); });
  window.addEventListener('offline', function () { showStatus(); });
  showStatus();
  flush();
}());
