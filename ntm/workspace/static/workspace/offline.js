// ntm offline: installable app, forms saved on the phone when there is no signal, the
// "Chưa gửi (n)" badge, the sync screen, and clearing the phone on sign-out.
/* global NtmOutbox */
(function () {
  "use strict";
  var meta = document.querySelector("meta[name=ntm-user]");
  if (!meta || !window.indexedDB || !window.NtmOutbox) { return; }
  var user = meta.content;
  var PAGES = "ntm-trang";
  var WARM_EVERY_MS = 12 * 3600 * 1000;
  var PERSONAL = ["contributor_name", "contributor_phone"];

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }
  function two(n) { return (n < 10 ? "0" : "") + n; }
  function when(iso) {
    var d = new Date(iso);
    return two(d.getDate()) + "/" + two(d.getMonth() + 1) + "/" + d.getFullYear() + " " + two(d.getHours()) + ":" + two(d.getMinutes());
  }

  // --- The phone belongs to whoever is signed in --------------------------------------------
  function forgetOthers() {
    var before = localStorage.getItem("ntm-user");
    localStorage.setItem("ntm-user", user);
    if (before && before !== user) {
      localStorage.removeItem("ntm-tai-trang");
      return Promise.all([window.caches ? caches.delete(PAGES) : null, NtmOutbox.keepOnly(user)]);
    }
    return Promise.resolve();
  }
  function clearPhone() {
    localStorage.removeItem("ntm-user");
    localStorage.removeItem("ntm-tai-trang");
    return Promise.all([window.caches ? caches.delete(PAGES) : null, NtmOutbox.clear()]);
  }

  // --- Badge and sync screen ------------------------------------------------------------------
  function refresh() {
    return NtmOutbox.mine(user).then(function (items) {
      document.querySelectorAll("[data-outbox-badge]").forEach(function (badge) {
        badge.hidden = items.length === 0;
        badge.textContent = "Chưa gửi (" + items.length + ")";
      });
      var list = document.querySelector("[data-outbox-list]");
      if (list) { renderList(list, items); }
      return items;
    });
  }

  function renderList(list, items) {
    list.textContent = "";
    if (!items.length) {
      list.appendChild(el("p", "muted", "Không có mục nào chờ gửi trên máy này."));
      return;
    }
    items.forEach(function (item) {
      var card = el("div", "card outbox-item");
      card.setAttribute("data-outbox-item", item.id);
      card.appendChild(el("p", null, item.title));
      var photos = item.files.length ? " · " + item.files.length + " ảnh" : "";
      card.appendChild(el("p", "small muted", "Lưu trên máy lúc " + when(item.savedAt) + photos));
      var state = el("p", "badge " + (item.status === NtmOutbox.REFUSED ? "bad" : "warn"),
        item.status === NtmOutbox.REFUSED ? "Bị từ chối" : "Chờ gửi");
      card.appendChild(state);
      if (item.message) {
        var reason = el("p", "alert error", item.message);
        reason.setAttribute("role", "alert");
        card.appendChild(reason);
      }
      var actions = el("div", "actions");
      var edit = el("a", "btn secondary", "Sửa");
      edit.href = item.url + "#hop-thu=" + item.id;
      actions.appendChild(edit);
      var drop = el("button", "btn secondary", "Bỏ mục này");
      drop.type = "button";
      drop.addEventListener("click", function () {
        if (window.confirm("Bỏ mục này khỏi máy? Số liệu chưa gửi sẽ mất.")) {
          NtmOutbox.remove(item.id).then(refresh);
        }
      });
      actions.appendChild(drop);
      card.appendChild(actions);
      list.appendChild(card);
    });
  }

  function say(text, kind) {
    var box = document.querySelector("[data-sync-status]");
    if (!box) { return; }
    box.textContent = text;
    box.className = "alert " + (kind || "info");
  }

  function sync() {
    if (!navigator.onLine) {
      say("Đang mất sóng: các mục được giữ trên máy và tự gửi khi có sóng.", "warning");
      return Promise.resolve();
    }
    return NtmOutbox.mine(user).then(function (items) {
      if (!items.length) { return null; }
      say("Đang gửi…");
      return NtmOutbox.sendAll();
    }).then(function (report) {
      if (!report) { return refresh(); }
      if (report.login) {
        say("Phiên đăng nhập đã hết. Hãy đăng nhập lại để gửi; các mục vẫn được giữ trên máy.", "warning");
      } else {
        var parts = ["Đã gửi " + report.sent + " mục."];
        if (report.refused) { parts.push(report.refused + " mục bị từ chối, xem lý do bên dưới."); }
        if (report.conflicts) { parts.push(report.conflicts + " mục trùng với thay đổi trên máy chủ: không ghi đè, cán bộ xã sẽ xem xét."); }
        say(parts.join(" "), report.refused || report.conflicts ? "warning" : "success");
      }
      return refresh();
    }).catch(function () {
      say("Chưa gửi được (mạng chập chờn). Các mục vẫn được giữ trên máy.", "warning");
    });
  }

  // Keep the pages of the field on the phone (their own hamlet's criteria, indicators, forms).
  function warm(force) {
    var last = Number(localStorage.getItem("ntm-tai-trang") || 0);
    if (!window.caches || !navigator.onLine || (!force && Date.now() - last < WARM_EVERY_MS)) {
      return Promise.resolve(null);
    }
    return NtmOutbox.session().then(function (s) {
      if (s.login) { return null; }
      return caches.open(PAGES).then(function (cache) {
        var kept = 0;
        var queue = s.pages.slice();
        function next() {
          var url = queue.shift();
          if (!url) { return kept; }
          return fetch(url, { credentials: "same-origin", headers: { "X-Ntm-Prefetch": "offline" } }).then(function (r) {
            if (r.ok && !r.redirected) { kept += 1; return cache.put(url, r); }
            return null;
          }).catch(function () { return null; }).then(next);
        }
        return next();
      }).then(function (kept) {
        localStorage.setItem("ntm-tai-trang", String(Date.now()));
        document.documentElement.setAttribute("data-offline-pages", String(kept));
        return kept;
      });
    });
  }

  // --- Forms saved offline ----------------------------------------------------------------------
  function compress(file) {
    if (!file || !file.size || !/^image\/(jpeg|png|webp)$/.test(file.type) || !window.createImageBitmap) {
      return Promise.resolve({ blob: file, name: file && file.name });
    }
    return createImageBitmap(file).then(function (bitmap) {
      var scale = Math.min(1, 1600 / Math.max(bitmap.width, bitmap.height));
      var canvas = document.createElement("canvas");
      canvas.width = Math.max(1, Math.round(bitmap.width * scale));
      canvas.height = Math.max(1, Math.round(bitmap.height * scale));
      canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      return new Promise(function (resolve) {
        canvas.toBlob(function (blob) {
          if (blob && blob.size < file.size) {
            resolve({ blob: blob, name: file.name.replace(/\.[^.]*$/, "") + ".jpg" });
          } else {
            resolve({ blob: file, name: file.name });
          }
        }, "image/jpeg", 0.72);
      });
    }).catch(function () { return { blob: file, name: file.name }; });
  }

  function capture(form, submitter, id) {
    var data = new FormData(form);
    if (submitter && submitter.name) { data.append(submitter.name, submitter.value); }
    var fields = [];
    var uploads = [];
    var dropped = [];
    data.forEach(function (value, name) {
      if (name === "csrfmiddlewaretoken") { return; }
      if (name === "form_token") { return; }  // replaced by the item's own once-only token below
      // Another person's name and phone number never stay on the phone (shared phones).
      if (PERSONAL.indexOf(name) >= 0 && !navigator.onLine) {
        if (value) { dropped.push(name); }
        return;
      }
      if (typeof value === "string") { fields.push([name, value]); } else if (value.size) { uploads.push([name, value]); }
    });
    return Promise.all(uploads.map(function (u) {
      return compress(u[1]).then(function (c) { return [u[0], c.blob, c.name]; });
    })).then(function (files) {
      var itemId = id || NtmOutbox.newId();
      if (form.querySelector("[name=form_token]")) { fields.push(["form_token", "hop-thu-" + itemId]); }
      return {
        id: itemId,
        user: user,
        url: location.pathname + location.search,
        version: form.getAttribute("data-offline") || "1",
        title: document.title.split(" · ")[0],
        savedAt: new Date().toISOString(),
        status: NtmOutbox.PENDING,
        message: "",
        fields: fields,
        files: files,
        dropped: dropped.length
      };
    });
  }

  function askBackgroundSync() {
    if (!("serviceWorker" in navigator)) { return; }
    navigator.serviceWorker.ready.then(function (reg) {
      if (reg.sync) { return reg.sync.register(NtmOutbox.SYNC_TAG); }
      return null;
    }).catch(function () { return null; });
  }

  function correcting() {
    var m = /^#hop-thu=([0-9a-f-]{36})$/.exec(location.hash);
    return m ? m[1] : null;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute("data-offline")) { return; }
    var fixing = correcting();
    if (navigator.onLine && !fixing) { return; }  // online: the screen saves as usual
    event.preventDefault();
    event.stopImmediatePropagation();
    var item;
    capture(form, event.submitter, fixing).then(function (captured) {
      item = captured;
      return NtmOutbox.put(item);
    }).then(function () {
      form.querySelectorAll("input[type=file]").forEach(function (i) { i.value = ""; });
      var note = document.querySelector("[data-outbox-saved]") || el("p", "alert success");
      note.setAttribute("data-outbox-saved", "");
      note.setAttribute("role", "status");
      note.textContent = "Đã lưu trên máy, chưa gửi. Sẽ tự gửi khi có sóng (xem “Chưa gửi” ở đầu trang)." +
        (item.dropped ? " Tên và số điện thoại người đóng góp không lưu trên máy: bổ sung khi có sóng." : "");
      form.parentNode.insertBefore(note, form);
      askBackgroundSync();
      if (fixing) { history.replaceState(null, "", location.pathname + location.search); }
      return refresh().then(function () { return navigator.onLine ? sync() : null; });
    }).catch(function () {
      window.alert("Không lưu được trên máy (bộ nhớ đầy?). Hãy chép lại số liệu trước khi rời trang.");
    });
  }, true);

  // Opening "Sửa" on the sync screen fills the form with what was saved on the phone.
  function prefill() {
    var id = correcting();
    var form = document.querySelector("form[data-offline]");
    if (!id || !form) { return; }
    NtmOutbox.get(id).then(function (item) {
      if (!item || item.user !== user) { return; }
      item.fields.forEach(function (pair) {
        var inputs = form.querySelectorAll("[name=\"" + pair[0] + "\"]");
        inputs.forEach(function (input) {
          if (input.type === "radio" || input.type === "checkbox") {
            input.checked = input.value === pair[1];
          } else if (input.type !== "submit" && input.type !== "file") {
            input.value = pair[1];
          }
        });
      });
      item.files.forEach(function (f) {
        var input = form.querySelector("input[type=file][name=\"" + f[0] + "\"]");
        if (input && window.DataTransfer) {
          var dt = new DataTransfer();
          dt.items.add(new File([f[1]], f[2], { type: f[1].type }));
          input.files = dt.files;
        }
      });
      if (item.message) {
        var reason = el("p", "alert error", item.message);
        reason.setAttribute("role", "alert");
        form.parentNode.insertBefore(reason, form);
      }
    });
  }

  // Sign-out clears the phone: pages, outbox, everything of this person.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!/\/dang-xuat\/?$/.test(form.getAttribute("action") || "")) { return; }
    event.preventDefault();
    NtmOutbox.mine(user).then(function (items) {
      if (items.length && !window.confirm("Còn " + items.length + " mục chưa gửi. Đăng xuất sẽ xóa chúng khỏi máy này. Vẫn đăng xuất?")) {
        return;
      }
      clearPhone().finally(function () { form.submit(); });
    });
  }, true);

  // --- Start ---------------------------------------------------------------------------------
  // Markers on <html> for people's tools and the browser tests: the app works offline now.
  function ready() { document.documentElement.setAttribute("data-offline-ready", ""); }
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () { return null; });
    if (navigator.serviceWorker.controller) { ready(); }
    navigator.serviceWorker.addEventListener("controllerchange", ready);
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "ntm-outbox-changed") { refresh(); }
    });
  }
  window.addEventListener("online", function () { sync(); });
  window.addEventListener("offline", function () { refresh(); });
  forgetOthers().then(refresh).then(prefill).then(function () {
    return navigator.onLine ? sync().then(function () { return warm(false); }) : null;
  });
  var now = document.querySelector("[data-sync-now]");
  if (now) { now.addEventListener("click", function () { sync(); }); }
  var keep = document.querySelector("[data-warm-now]");
  if (keep) {
    keep.addEventListener("click", function () {
      say("Đang tải các trang về máy…");
      warm(true).then(function (kept) {
        say(kept === null ? "Cần có sóng và đăng nhập để tải trang về máy." : "Đã tải " + kept + " trang về máy để dùng khi mất sóng.", kept === null ? "warning" : "success");
      });
    });
  }
})();
