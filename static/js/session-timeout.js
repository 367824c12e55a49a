/*
 * Session warning for shared computers (templates/includes/session_timeout.html).
 *
 * The server ends a session after a period without requests, with or without this script.
 * This script shows a warning shortly before that happens, lets the user continue (a POST that
 * starts the period again) and, at the end, logs out so that the page does not stay on the
 * screen. Activity in another tab of the same site counts too (localStorage). The dialog is the
 * same for every user; the CSRF token comes from the user's logout form.
 *
 * With `data-track-input` (Wagtail's admin) typing and clicking are activity too: the page
 * tells the server at most every `data-refresh-seconds`, since the editor's own background
 * requests no longer keep the session alive.
 *
 * It starts in a task of its own, after the page's first rendering work: no long task on a
 * slow phone.
 */
window.setTimeout(function () {
  "use strict";

  const dialog = document.querySelector("[data-session-timeout]");
  if (!dialog || typeof dialog.showModal !== "function") {
    return;
  }
  const idleMs = Number(dialog.dataset.idleSeconds) * 1000;
  const warningMs = Number(dialog.dataset.warningSeconds) * 1000;
  const extendForm = dialog.querySelector("[data-extend-form]");
  const logoutForm = document.querySelector("[data-logout-form]");
  const storageKey = "vnr-session-activity";
  let lastActivity = 0;

  function sharedActivity() {
    try {
      return Number(window.localStorage.getItem(storageKey)) || 0;
    } catch (error) {
      return 0;
    }
  }

  function remember(time) {
    lastActivity = time;
    try {
      window.localStorage.setItem(storageKey, String(time));
    } catch (error) {
      // Storage may be disabled; this tab's own timer still works.
    }
  }

  function logOut(expired) {
    if (!logoutForm) {
      window.location.assign(dialog.dataset.loginUrl);
      return;
    }
    if (expired) {
      const next = document.createElement("input");
      next.type = "hidden";
      next.name = "next";
      next.value =
        dialog.dataset.loginUrl +
        "?utlopt=1&next=" +
        encodeURIComponent(window.location.pathname + window.location.search);
      logoutForm.appendChild(next);
    }
    logoutForm.submit();
  }

  function check() {
    const left = Math.max(lastActivity, sharedActivity()) + idleMs - Date.now();
    if (left <= 0) {
      window.clearInterval(timer);
      logOut(true);
    } else if (left <= warningMs) {
      if (!dialog.open) {
        dialog.showModal();
      }
    } else if (dialog.open) {
      dialog.close();
    }
  }

  async function extend() {
    const token = logoutForm && logoutForm.querySelector("[name=csrfmiddlewaretoken]");
    const response = await fetch(extendForm.action, {
      method: "POST",
      headers: { "X-CSRFToken": token ? token.value : "" },
      credentials: "same-origin",
    });
    if (!response.ok) {
      // The session is already gone: the server sends the login page.
      window.location.reload();
      return;
    }
    remember(Date.now());
    dialog.close();
  }

  extendForm.addEventListener("submit", function (event) {
    event.preventDefault();
    extend();
  });
  // Escape means the user is here: continue rather than leave the warning half-dismissed.
  dialog.addEventListener("cancel", function (event) {
    event.preventDefault();
    extend();
  });
  dialog.querySelector("[data-logout-now]").addEventListener("click", function () {
    logOut(false);
  });
  window.addEventListener("storage", function (event) {
    if (event.key === storageKey) {
      check();
    }
  });

  if ("trackInput" in dialog.dataset) {
    const refreshMs = Number(dialog.dataset.refreshSeconds) * 1000;
    const onInput = function () {
      if (!dialog.open && Date.now() - lastActivity >= refreshMs) {
        extend();
      }
    };
    ["keydown", "pointerdown"].forEach(function (type) {
      document.addEventListener(type, onInput, { capture: true, passive: true });
    });
  }

  remember(Date.now());
  const timer = window.setInterval(check, 1000);
}, 0);
