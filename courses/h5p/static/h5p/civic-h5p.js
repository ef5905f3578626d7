/* Civic: start h5p-standalone only when a learner opens an H5P activity; send its xAPI statements and
   save its state so the learner can resume. Pages without an activity never load this file. */
(function () {
  'use strict';
  if (window.CivicH5P) { return; }
  var bundle = null;
  var queue = Promise.resolve();
  var saveTimers = {};
  var byUuid = {};

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement('script');
      script.src = src;
      script.onload = resolve;
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  function csrfToken() {
    var match = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : '';
  }

  // One API call at a time, in order: a statement and the state it produced reach the server in sequence.
  var outbox = Promise.resolve();

  function send(url, method, body, keepalive) {
    var request = outbox.then(function () { return post(url, method, body, keepalive); });
    outbox = request.catch(function () {});
    return request;
  }

  function post(url, method, body, keepalive) {
    return fetch(url, {
      method: method,
      credentials: 'same-origin',
      keepalive: !!keepalive,
      headers: { 'Content-Type': 'application/json', 'Accept': 'application/json', 'X-CSRFToken': csrfToken() },
      body: JSON.stringify(body)
    });
  }

  function instanceFor(section) {
    var id = 'civic-h5p-' + section.dataset.package;
    var list = (window.H5P && window.H5P.instances) || [];
    for (var i = 0; i < list.length; i++) {
      if (String(list[i].contentId) === id) { return list[i]; }
    }
    return null;
  }

  function saveState(section, keepalive) {
    if (section.dataset.loggedIn !== '1') { return Promise.resolve(); }
    var instance = instanceFor(section);
    if (!instance || typeof instance.getCurrentState !== 'function') { return Promise.resolve(); }
    var state = instance.getCurrentState();
    if (state === undefined) { return Promise.resolve(); }
    return send(section.dataset.stateUrl, 'PUT', { state: state }, keepalive).then(function (response) {
      section.dataset.stateSaved = String(Date.now());
      return response;
    });
  }

  function scheduleSave(section) {
    var key = section.dataset.package;
    clearTimeout(saveTimers[key]);
    saveTimers[key] = setTimeout(function () { saveState(section); }, 300);
  }

  function onXAPI(event) {
    var statement = event && event.data && event.data.statement;
    if (!statement || !statement.object || !statement.object.id) { return; }
    var match = statement.object.id.match(/\/h5p\/([0-9a-fA-F-]{36})\//);
    var section = match && byUuid[match[1].toLowerCase()];
    if (!section) { return; }
    scheduleSave(section);
    if (section.dataset.loggedIn !== '1') { return; }
    send(section.dataset.xapiUrl, 'POST', statement).then(function (response) {
      section.dataset.xapiSent = String(Number(section.dataset.xapiSent || '0') + (response.ok ? 1 : 0));
    });
  }

  function fetchState(section) {
    if (section.dataset.loggedIn !== '1') { return Promise.resolve(null); }
    return fetch(section.dataset.stateUrl, { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
      .then(function (response) { return response.ok ? response.json() : { state: null }; })
      .then(function (body) { return body.state; })
      .catch(function () { return null; });
  }

  function open(section, button) {
    button.disabled = true;
    var status = section.querySelector('[data-h5p-status]');
    var container = section.querySelector('[data-h5p-container]');
    var player = section.dataset.player;
    var uuidMatch = section.dataset.objectIri.match(/\/h5p\/([0-9a-fA-F-]{36})\//);
    if (uuidMatch) { byUuid[uuidMatch[1].toLowerCase()] = section; }
    status.textContent = button.dataset.loading || '';
    bundle = bundle || loadScript(player + 'main.bundle.js');
    var state = fetchState(section);
    // Players start one after another: h5p-standalone is not safe to start twice at once.
    queue = queue.then(function () {
      return Promise.all([bundle, state]).then(function (results) {
        var previous = results[1];
        var options = {
          id: 'civic-h5p-' + section.dataset.package,
          h5pJsonPath: section.dataset.h5pJson,
          frameJs: player + 'frame.bundle.js',
          frameCss: player + 'styles/h5p.css',
          // 'div', not 'iframe': the iframe needs an inline script, which our CSP (script-src 'self') forbids.
          embedType: 'div',
          xAPIObjectIRI: section.dataset.objectIri,
          frame: false, copyright: false, export: false, embed: false, icon: false, fullScreen: false,
          // H5P core hands previousState to the content type only when saveFreq is set. We save through our
          // own API (after each xAPI event and when the page is hidden), so its own saving has no user/URL.
          saveFreq: 30
        };
        if (previous !== null && previous !== undefined) {
          options.contentUserData = [{ state: JSON.stringify(previous) }];
        }
        return new window.H5PStandalone.H5P(container, options);
      }).then(function () {
        if (!window.CivicH5P.listening && window.H5P && window.H5P.externalDispatcher) {
          window.H5P.externalDispatcher.on('xAPI', onXAPI);
          window.CivicH5P.listening = true;
        }
        button.hidden = true;
        status.textContent = '';
        section.dataset.ready = '1';
      }).catch(function () {
        status.textContent = button.dataset.failed || 'The activity could not be loaded.';
        button.disabled = false;
      });
    });
  }

  function init() {
    var sections = document.querySelectorAll('[data-h5p-activity]');
    Array.prototype.forEach.call(sections, function (section) {
      var button = section.querySelector('[data-h5p-open]');
      if (!button || button.dataset.bound) { return; }
      button.dataset.bound = '1';
      button.hidden = false;
      button.addEventListener('click', function () { open(section, button); });
    });
  }

  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState !== 'hidden') { return; }
    Object.keys(byUuid).forEach(function (key) { saveState(byUuid[key], true); });
  });

  window.CivicH5P = { init: init, saveState: saveState, listening: false };
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();
