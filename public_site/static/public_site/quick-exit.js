// «Forlat siden raskt» (quick exit), progressive enhancement of a plain link: leaves at once
// without keeping this page in the tab's history, and also on the Shift key pressed three
// times within two seconds (as GOV.UK's «Exit this page»). Without JavaScript the link works.
(function () {
  "use strict";
  var link = document.querySelector("[data-quick-exit]");
  if (!link) {
    return;
  }
  var hint = document.querySelector("[data-quick-exit-hint]");
  if (hint) {
    hint.classList.add("is-ready");
  }

  function leave(event) {
    if (event) {
      event.preventDefault();
    }
    document.body.classList.add("quick-exit--leaving");
    document.title = "";
    window.location.replace(link.href);
  }

  link.addEventListener("click", leave);

  var presses = [];
  document.addEventListener("keyup", function (event) {
    if (event.key !== "Shift") {
      presses = [];
      return;
    }
    var now = Date.now();
    presses = presses.filter(function (time) {
      return now - time < 2000;
    });
    presses.push(now);
    if (presses.length >= 3) {
      leave();
    }
  });
})();
