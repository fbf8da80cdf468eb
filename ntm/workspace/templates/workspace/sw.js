// ntm service worker: pages the hamlet head needs offline, static files from the cache, and the
// outbox sent by Background Sync where the browser has it (see ntm/workspace/offline.py).
/* global workbox, importScripts, NtmOutbox */
importScripts("{{ workbox|escapejs }}");
importScripts("{{ outbox|escapejs }}");
workbox.setConfig({ modulePathPrefix: "{{ prefix|escapejs }}", debug: false });

var PAGES = "ntm-trang";
// Only the field's pages are kept on the phone (no directory, no ledger of other people).
var KEEP_EXACT = {{ keep_exact|safe }};
var KEEP_PREFIX = {{ keep_prefix|safe }};
function kept(url) {
  if (KEEP_EXACT.indexOf(url.pathname) >= 0) { return true; }
  return KEEP_PREFIX.some(function (p) { return url.pathname.indexOf(p) === 0; });
}
function sameSiteNavigation(options) {
  return options.request.mode === "navigate" && options.url.origin === self.location.origin;
}
var STATIC = "ntm-tinh";
var noRedirects = {
  // A lapsed session answers with the sign-in page: never keep it under the page's address.
  cacheWillUpdate: function (args) {
    var r = args.response;
    return r && r.status === 200 && !r.redirected ? r : null;
  }
};

self.skipWaiting();
workbox.core.clientsClaim();

workbox.routing.registerRoute(
  function (options) { return sameSiteNavigation(options) && kept(options.url); },
  new workbox.strategies.NetworkFirst({
    cacheName: PAGES,
    networkTimeoutSeconds: 8,
    matchOptions: { ignoreVary: true },
    plugins: [noRedirects, new workbox.expiration.ExpirationPlugin({ maxEntries: 300, maxAgeSeconds: 30 * 24 * 3600 })]
  })
);
// Other pages: always from the network; without a signal, a Vietnamese page says so.
workbox.routing.registerRoute(sameSiteNavigation, new workbox.strategies.NetworkOnly());
workbox.routing.registerRoute(
  function (options) {
    return options.url.origin === self.location.origin && options.url.pathname.indexOf("{{ static_prefix|escapejs }}") === 0;
  },
  new workbox.strategies.StaleWhileRevalidate({
    cacheName: STATIC,
    matchOptions: { ignoreVary: true },
    plugins: [noRedirects, new workbox.expiration.ExpirationPlugin({ maxEntries: 120 })]
  })
);
workbox.routing.setCatchHandler(function (options) {
  if (options.request.mode === "navigate") {
    var body = "<!doctype html><html lang=\"vi\"><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">" +
      "<title>Chưa có trên máy</title><h1>Trang này chưa được tải về máy</h1>" +
      "<p>Khi có sóng, mở trang “Đồng bộ” để tải các trang cần dùng lúc mất sóng.</p>" +
      "<p><a href=\"/\">Về Việc của tôi</a> · <a href=\"/dong-bo/\">Đồng bộ</a></p></html>";
    return Promise.resolve(new Response(body, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } }));
  }
  return Promise.resolve(Response.error());
});

// Background Sync (Chrome, Edge): the outbox goes out when the signal returns, page open or not.
self.addEventListener("sync", function (event) {
  if (event.tag === NtmOutbox.SYNC_TAG) {
    event.waitUntil(NtmOutbox.sendAll().then(function () {
      return self.clients.matchAll().then(function (clients) {
        clients.forEach(function (c) { c.postMessage({ type: "ntm-outbox-changed" }); });
      });
    }));
  }
});
