/*
 * Suggestions in the search box: the ARIA 1.2 combobox pattern with a listbox popup.
 *
 * Progressive enhancement of every <form data-typeahead> with an <input name="q">: while
 * staff type (two letters or more) the first results of /search/?q=…&format=json are offered
 * as options. Arrow keys move through them (aria-activedescendant; focus stays in the field),
 * Enter opens the chosen page, Escape closes the list (and clears the field when the list is
 * already closed), Tab leaves as usual. The last option shows all results. Without JavaScript
 * the form submits as usual. No inline script or handlers: the Content-Security-Policy allows
 * none.
 */
(function () {
  "use strict";

  if (window.vnrSearchTypeahead) {
    return; // the script is included with every search form; set up once
  }
  window.vnrSearchTypeahead = true;

  var MIN_LENGTH = 2;
  var DELAY_MS = 150;
  var MAX_OPTIONS = 6;
  var counter = 0;

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (match, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : match;
    });
  }

  // The snippet comes as escaped HTML with <mark>; copy only its text and marks.
  function appendHighlighted(parent, html) {
    var parsed = new DOMParser().parseFromString(html, "text/html").body;
    parsed.childNodes.forEach(function (node) {
      if (node.nodeType === Node.TEXT_NODE) {
        parent.appendChild(document.createTextNode(node.textContent));
      } else if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        parent.appendChild(mark);
      } else {
        parent.appendChild(document.createTextNode(node.textContent));
      }
    });
  }

  function Typeahead(form) {
    this.form = form;
    this.input = form.querySelector('input[name="q"]');
    if (!this.input) {
      return;
    }
    counter += 1;
    this.id = this.input.id || "sok-" + counter;
    this.options = [];
    this.active = -1;
    this.request = null;
    this.timer = null;
    this.lastQuery = "";
    this.text = {
      label: form.dataset.typeaheadLabel || "",
      none: form.dataset.typeaheadNone || "",
      one: form.dataset.typeaheadOne || "",
      many: form.dataset.typeaheadMany || "",
      all: form.dataset.typeaheadAll || "",
    };
    this.build();
    this.bind();
  }

  Typeahead.prototype.build = function () {
    var wrapper = this.input.parentNode;
    this.listbox = document.createElement("ul");
    this.listbox.id = this.id + "-forslag";
    this.listbox.className = "typeahead__listbox";
    this.listbox.setAttribute("role", "listbox");
    this.listbox.setAttribute("aria-label", this.text.label);
    this.listbox.hidden = true;
    wrapper.appendChild(this.listbox);

    this.status = document.createElement("div");
    this.status.className = "pkt-sr-only";
    this.status.setAttribute("role", "status");
    wrapper.appendChild(this.status);

    this.input.setAttribute("role", "combobox");
    this.input.setAttribute("aria-autocomplete", "list");
    this.input.setAttribute("aria-expanded", "false");
    this.input.setAttribute("aria-controls", this.listbox.id);
  };

  Typeahead.prototype.bind = function () {
    var self = this;
    this.input.addEventListener("input", function () {
      self.schedule();
    });
    this.input.addEventListener("keydown", function (event) {
      self.onKeydown(event);
    });
    this.input.addEventListener("blur", function () {
      // Let a click on an option land before the list closes.
      window.setTimeout(function () {
        self.close();
      }, 150);
    });
    this.listbox.addEventListener("mousedown", function (event) {
      event.preventDefault(); // keep focus in the field
    });
    this.listbox.addEventListener("click", function (event) {
      var option = event.target.closest('[role="option"]');
      if (option) {
        self.choose(Number(option.dataset.index));
      }
    });
  };

  Typeahead.prototype.schedule = function () {
    var self = this;
    window.clearTimeout(this.timer);
    var query = this.input.value.trim();
    if (query.length < MIN_LENGTH) {
      this.lastQuery = "";
      this.close();
      return;
    }
    this.timer = window.setTimeout(function () {
      self.fetch(query);
    }, DELAY_MS);
  };

  Typeahead.prototype.fetch = function (query) {
    var self = this;
    if (query === this.lastQuery) {
      this.open();
      return;
    }
    if (this.request) {
      this.request.abort();
    }
    this.request = new AbortController();
    var url = new URL(this.form.getAttribute("action"), window.location.href);
    url.searchParams.set("q", query);
    url.searchParams.set("format", "json");
    window
      .fetch(url, {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
        signal: this.request.signal,
      })
      .then(function (response) {
        if (!response.ok || response.redirected) {
          throw new Error("search unavailable");
        }
        return response.json();
      })
      .then(function (data) {
        if (self.input.value.trim() !== query) {
          return; // typed on meanwhile
        }
        self.lastQuery = query;
        self.render(query, data.results.slice(0, MAX_OPTIONS));
      })
      .catch(function () {
        self.close(); // the form still works without suggestions
      });
  };

  Typeahead.prototype.render = function (query, results) {
    var self = this;
    this.listbox.textContent = "";
    this.options = [];
    this.active = -1;
    results.forEach(function (result) {
      self.addOption(result.url, function (option) {
        var title = document.createElement("span");
        title.className = "typeahead__title";
        title.textContent = result.title;
        var type = document.createElement("span");
        type.className = "typeahead__type";
        type.textContent = result.type;
        option.appendChild(title);
        option.appendChild(type);
        if (result.snippet) {
          var snippet = document.createElement("span");
          snippet.className = "typeahead__snippet";
          appendHighlighted(snippet, result.snippet);
          option.appendChild(snippet);
        }
      });
    });
    var all = new URL(this.form.getAttribute("action"), window.location.href);
    all.searchParams.set("q", query);
    this.addOption(all.pathname + all.search, function (option) {
      option.classList.add("typeahead__option--all");
      option.textContent = format(self.text.all, { query: query });
    });
    var count = results.length;
    this.status.textContent =
      count === 0 ? this.text.none : count === 1 ? this.text.one : format(this.text.many, { count: count });
    this.open();
  };

  Typeahead.prototype.addOption = function (url, fill) {
    var option = document.createElement("li");
    option.id = this.listbox.id + "-" + this.options.length;
    option.className = "typeahead__option";
    option.setAttribute("role", "option");
    option.setAttribute("aria-selected", "false");
    option.dataset.index = String(this.options.length);
    option.dataset.url = url;
    fill(option);
    this.listbox.appendChild(option);
    this.options.push(option);
  };

  Typeahead.prototype.open = function () {
    if (!this.options.length) {
      return;
    }
    this.listbox.hidden = false;
    this.input.setAttribute("aria-expanded", "true");
  };

  Typeahead.prototype.close = function () {
    this.listbox.hidden = true;
    this.input.setAttribute("aria-expanded", "false");
    this.setActive(-1);
  };

  Typeahead.prototype.isOpen = function () {
    return !this.listbox.hidden;
  };

  Typeahead.prototype.setActive = function (index) {
    if (this.active >= 0 && this.options[this.active]) {
      this.options[this.active].setAttribute("aria-selected", "false");
    }
    this.active = index;
    if (index >= 0 && this.options[index]) {
      var option = this.options[index];
      option.setAttribute("aria-selected", "true");
      this.input.setAttribute("aria-activedescendant", option.id);
      option.scrollIntoView({ block: "nearest" });
    } else {
      this.input.removeAttribute("aria-activedescendant");
    }
  };

  Typeahead.prototype.move = function (step) {
    if (!this.isOpen()) {
      this.open();
      if (!this.isOpen()) {
        return;
      }
    }
    var count = this.options.length;
    var next = this.active + step;
    if (next < 0) {
      next = count - 1;
    } else if (next >= count) {
      next = 0;
    }
    this.setActive(next);
  };

  Typeahead.prototype.choose = function (index) {
    var option = this.options[index];
    if (option) {
      window.location.assign(option.dataset.url);
    }
  };

  Typeahead.prototype.onKeydown = function (event) {
    switch (event.key) {
      case "ArrowDown":
        event.preventDefault();
        this.move(1);
        break;
      case "ArrowUp":
        event.preventDefault();
        this.move(-1);
        break;
      case "Enter":
        if (this.isOpen() && this.active >= 0) {
          event.preventDefault();
          this.choose(this.active);
        }
        break;
      case "Escape":
        if (this.isOpen()) {
          event.preventDefault();
          this.close();
        } else if (this.input.value) {
          event.preventDefault();
          this.input.value = "";
          this.lastQuery = "";
        }
        break;
      case "Tab":
        this.close();
        break;
      default:
        break;
    }
  };

  function init() {
    document.querySelectorAll("form[data-typeahead]").forEach(function (form) {
      if (!form.dataset.typeaheadReady) {
        form.dataset.typeaheadReady = "true";
        new Typeahead(form);
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
