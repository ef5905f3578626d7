/* Civic's service worker (served at /sw.js for the whole site). Pages a learner saved for offline, and the
   files they need, open from the phone's cache when the network is gone; everything else goes to the network.
   Only GET requests of our own origin are touched; the API and the admin never are. */
'use strict';
var SAVED = 'civic-saved-v1';    // what "Save for offline" stored (offline.js fills it)
var RUNTIME = 'civic-files-v1';  // static files and H5P files met while online

self.addEventListener('install', function () { self.skipWaiting(); });
self.addEventListener('activate', function (event) { event.waitUntil(self.clients.claim()); });

function cached(request) {
  return caches.match(request, { ignoreVary: true, ignoreSearch: request.mode === 'navigate' });
}

self.addEventListener('fetch', function (event) {
  var request = event.request;
  if (request.method !== 'GET') { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin || /^\/(api|admin|django-admin)\//.test(url.pathname)) { return; }
  if (request.mode === 'navigate') {
    // Network first, so a page is always current; a saved copy is refreshed on the way.
    event.respondWith(fetch(request).then(function (response) {
      if (response.ok && !url.search) {
        var copy = response.clone();
        caches.open(SAVED).then(function (cache) {
          return cache.match(request, { ignoreVary: true }).then(function (hit) { return hit && cache.put(request, copy); });
        });
      }
      return response;
    }).catch(function () {
      return cached(request).then(function (hit) { return hit || Response.error(); });
    }));
    return;
  }
  var keep = /^\/(static|h5p|media)\//.test(url.pathname);
  event.respondWith(cached(request).then(function (hit) {
    if (hit) { return hit; }
    return fetch(request).then(function (response) {
      if (keep && response.ok) {
        var copy = response.clone();
        caches.open(RUNTIME).then(function (cache) { cache.put(request, copy); });
      }
      return response;
    });
  }));
});
