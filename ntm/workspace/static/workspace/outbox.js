// ntm outbox: forms saved on the phone without a signal (IndexedDB), sent once the signal
// returns. Shared by the pages (offline.js) and the service worker (Background Sync).
/* exported NtmOutbox */
var NtmOutbox = (function () {
  "use strict";
  var DB = "ntm-hop-thu";
  var STORE = "items";
  var SYNC_TAG = "ntm-hop-thu";
  var PENDING = "cho-gui";
  var REFUSED = "tu-choi";

  function open() {
    return new Promise(function (resolve, reject) {
      var req = indexedDB.open(DB, 1);
      req.onupgradeneeded = function () {
        var store = req.result.createObjectStore(STORE, { keyPath: "id" });
        store.createIndex("user", "user");
      };
      req.onsuccess = function () { resolve(req.result); };
      req.onerror = function () { reject(req.error); };
    });
  }

  function run(mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode);
        var result;
        work(tx.objectStore(STORE), function (value) { result = value; });
        tx.oncomplete = function () { db.close(); resolve(result); };
        tx.onerror = function () { db.close(); reject(tx.error); };
        tx.onabort = function () { db.close(); reject(tx.error); };
      });
    });
  }

  function all() {
    return run("readonly", function (store, done) {
      var req = store.getAll();
      req.onsuccess = function () {
        done(req.result.sort(function (a, b) { return a.savedAt < b.savedAt ? -1 : 1; }));
      };
    });
  }

  function mine(user) {
    return all().then(function (items) {
      return items.filter(function (i) { return i.user === user; });
    });
  }

  function put(item) { return run("readwrite", function (store) { store.put(item); }); }
  function remove(id) { return run("readwrite", function (store) { store.delete(id); }); }
  function get(id) {
    return run("readonly", function (store, done) {
      var req = store.get(id);
      req.onsuccess = function () { done(req.result); };
    });
  }
  function clear() { return run("readwrite", function (store) { store.clear(); }); }
  function keepOnly(user) {
    return all().then(function (items) {
      return Promise.all(items.filter(function (i) { return i.user !== user; })
        .map(function (i) { return remove(i.id); }));
    });
  }

  function newId() {
    if (self.crypto && self.crypto.randomUUID) { return self.crypto.randomUUID(); }
    var b = self.crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  // The server's word on who is signed in, and a fresh CSRF token for the posts.
  function session() {
    return fetch("/dong-bo/trang/", { credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" } })
      .then(function (r) {
        if (r.status === 401 || r.redirected || !r.ok) { return { login: true }; }
        return r.json();
      });
  }

  function body(item) {
    var data = new FormData();
    item.fields.forEach(function (pair) { data.append(pair[0], pair[1]); });
    item.files.forEach(function (f) { data.append(f[0], f[1], f[2]); });
    data.append("_outbox_id", item.id);
    data.append("_outbox_url", item.url);
    data.append("_outbox_version", item.version);
    data.append("_outbox_user", item.user);
    data.append("_outbox_saved_at", item.savedAt);
    return data;
  }

  // Send every pending item of the signed-in user, one by one; refused items stay with the reason.
  var running = null;
  function sendAll() {
    if (running) { return running; }
    running = session().then(function (s) {
      if (s.login) { return { login: true, sent: 0 }; }
      return mine(String(s.user)).then(function (items) {
        var report = { login: false, sent: 0, refused: 0, conflicts: 0 };
        var queue = items.filter(function (i) { return i.status === PENDING; });
        function next() {
          var item = queue.shift();
          if (!item) { return report; }
          return fetch("/dong-bo/gui/", {
            method: "POST", body: body(item), credentials: "same-origin",
            headers: { "X-CSRFToken": s.csrf, Accept: "application/json" }
          }).then(function (r) {
            if (r.status === 401 || r.redirected) { report.login = true; return null; }
            if (!r.ok) { throw new Error("server " + r.status); }
            return r.json();
          }).then(function (answer) {
            if (!answer) { return report; }
            if (answer.status === "saved" || answer.status === "conflict") {
              if (answer.status === "conflict") { report.conflicts += 1; } else { report.sent += 1; }
              return remove(item.id).then(next);
            }
            report.refused += 1;
            item.status = REFUSED;
            item.message = answer.message;
            return put(item).then(next);
          });
        }
        return next();
      });
    }).finally(function () { running = null; });
    return running;
  }

  return {
    PENDING: PENDING, REFUSED: REFUSED, SYNC_TAG: SYNC_TAG,
    all: all, mine: mine, put: put, get: get, remove: remove, clear: clear, keepOnly: keepOnly,
    newId: newId, session: session, sendAll: sendAll
  };
})();
