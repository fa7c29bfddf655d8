/*
 * Aiguillage web chat widget: no framework, one tag embeds it on any page.
 *
 *   <script src="https://SITE/widget/aiguillage-widget.js" data-server="https://RASA" defer></script>
 *
 * Optional attributes: data-title (panel title), data-color (#rgb or #rrggbb, the main colour;
 * the text on it is black or white, whichever contrasts most). The stylesheet and socket.io-client
 * are loaded from this script's own folder. It talks to Rasa's socket.io channel with
 * session_persistence: the session id and the transcript stay in localStorage (see docs/widget.md).
 * Bot text is never parsed as HTML: it is split into text nodes and links built one by one.
 */
(function (factory) {
  "use strict";
  var widget = factory();
  if (typeof module === "object" && module.exports) {
    module.exports = widget; // Node: unit tests of the pure helpers
  } else {
    widget.start(document.currentScript || document.querySelector('script[src*="aiguillage-widget"]'));
  }
})(function () {
  "use strict";

  var DEFAULT_TITLE = "Aiguillage — emploi et formation";
  var DEFAULT_COLOUR = "#1f4e8c";
  var USER_EVENT = "user_uttered"; // credentials.yml: user_message_evt
  var BOT_EVENT = "bot_uttered"; // credentials.yml: bot_message_evt
  var GREETING = "/saluer";
  var STORAGE_PREFIX = "aiguillage-widget:";
  var KEEP_HOURS = 4; // same as session_expiration_time in domain.yml
  var MAX_ENTRIES = 200;
  var TYPING_TIMEOUT_MS = 30000;
  // Phones, 200 % zoom, landscape phones: the panel covers the window and is a modal dialog.
  var FULL_SCREEN = "(max-width: 32em), (max-height: 32em)";

  // ---------------------------------------------------------------- pure helpers

  var URL_PATTERN = "https?:\\/\\/[^\\s<>\"']+";
  var EMAIL_PATTERN = "[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}";
  var PHONE_PATTERN = "(?:\\+33[\\s.]?|0)[1-9](?:[\\s.-]?\\d{2}){4}";
  var TRAILING_PUNCTUATION = /[.,;:!?)\]»”'"]+$/;
  // Runs of pictographs with their variation selectors, joiners and skin tones (📍, ☎️, 👩🏽‍💻).
  var EMOJI_RUN = /((?:\p{Extended_Pictographic}[\uFE0F\u200D\u{1F3FB}-\u{1F3FF}]*)+)/u;

  /** Splits text into [{type: "text", text}] and [{type: "link", text, href, external}]. */
  function tokenize(text) {
    var links = new RegExp("(" + URL_PATTERN + ")|(" + EMAIL_PATTERN + ")|(" + PHONE_PATTERN + ")", "g");
    var tokens = [];
    var plain = "";
    var last = 0;
    var match;
    while ((match = links.exec(text)) !== null) {
      var found = match[0];
      var link = null;
      if (match[1]) {
        var trailing = (found.match(TRAILING_PUNCTUATION) || [""])[0];
        found = found.slice(0, found.length - trailing.length);
        var href = safeWebUrl(found);
        if (href) link = { type: "link", text: found, href: href, external: true };
      } else if (match[2]) {
        link = { type: "link", text: found, href: "mailto:" + found, external: false };
      } else if (isolatedNumber(text, match.index, found.length)) {
        link = { type: "link", text: found, href: telHref(found), external: false };
      }
      if (!link) continue;
      plain += text.slice(last, match.index);
      if (plain) tokens.push({ type: "text", text: plain });
      plain = "";
      tokens.push(link);
      last = match.index + found.length;
      links.lastIndex = last;
    }
    plain += text.slice(last);
    if (plain) tokens.push({ type: "text", text: plain });
    return tokens;
  }

  /** "☎️ 01 99" -> ["", "☎️", " 01 99"]: the emoji runs are the odd items. */
  function splitEmoji(text) {
    return text.split(EMOJI_RUN);
  }

  /** A phone number only when no digit sticks to it (not a piece of a longer number). */
  function isolatedNumber(text, start, length) {
    return !/[\d+]/.test(text.charAt(start - 1)) && !/\d/.test(text.charAt(start + length));
  }

  /** "01 99 00 01 01" or "+33 1 99 00 01 01" -> "tel:+33199000101". */
  function telHref(number) {
    if (typeof number !== "string") return null;
    var compact = String(number).replace(/[^\d+]/g, "");
    if (compact.charAt(0) === "0") compact = "+33" + compact.slice(1);
    return /^\+\d{6,15}$/.test(compact) ? "tel:" + compact : null;
  }

  /** The URL if it is http(s), else null (no javascript:, data: …). */
  function safeWebUrl(value) {
    if (typeof value !== "string") return null;
    try {
      var url = new URL(value);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (error) {
      return null;
    }
  }

  function parseColour(value) {
    var hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(String(value || "").trim());
    if (!hex) return null;
    var digits = hex[1].length === 3 ? hex[1].replace(/(.)/g, "$1$1") : hex[1];
    return "#" + digits.toLowerCase();
  }

  function luminance(colour) {
    var channels = [1, 3, 5].map(function (i) {
      var c = parseInt(colour.substr(i, 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2];
  }

  /** WCAG contrast ratio of two #rrggbb colours (1 to 21). */
  function contrast(a, b) {
    var la = luminance(a);
    var lb = luminance(b);
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  }

  /** Black or white, whichever reads best on the background. */
  function textColourOn(background) {
    return contrast("#ffffff", background) >= contrast("#000000", background) ? "#ffffff" : "#000000";
  }

  // ---------------------------------------------------------------- browser storage

  /** Session id and transcript in localStorage, dropped after KEEP_HOURS without a message. */
  function ConversationStore(server) {
    this.key = STORAGE_PREFIX + server;
  }

  ConversationStore.prototype.load = function () {
    var empty = { sessionId: null, entries: [], lastActivity: 0 };
    try {
      var saved = JSON.parse(window.localStorage.getItem(this.key) || "null");
      if (!saved || typeof saved !== "object" || !Array.isArray(saved.entries)) return empty;
      if (Date.now() - (saved.lastActivity || 0) > KEEP_HOURS * 3600 * 1000) {
        this.clear();
        return empty;
      }
      return { sessionId: saved.sessionId || null, entries: saved.entries, lastActivity: saved.lastActivity };
    } catch (error) {
      return empty; // storage disabled or unreadable: a conversation without memory
    }
  };

  ConversationStore.prototype.save = function (state) {
    state.lastActivity = Date.now();
    try {
      window.localStorage.setItem(this.key, JSON.stringify({
        sessionId: state.sessionId,
        entries: state.entries.slice(-MAX_ENTRIES),
        lastActivity: state.lastActivity
      }));
    } catch (error) {
      // storage full or disabled: the conversation goes on, it just won't survive a reload
    }
  };

  ConversationStore.prototype.clear = function () {
    try {
      window.localStorage.removeItem(this.key);
    } catch (error) {
      // nothing stored
    }
  };

  function rememberOpen(open) {
    try {
      if (open) window.sessionStorage.setItem(STORAGE_PREFIX + "open", "1");
      else window.sessionStorage.removeItem(STORAGE_PREFIX + "open");
    } catch (error) {
      // not essential
    }
  }

  function wasOpen() {
    try {
      return window.sessionStorage.getItem(STORAGE_PREFIX + "open") === "1";
    } catch (error) {
      return false;
    }
  }

  // ---------------------------------------------------------------- DOM helpers

  /** el("p", {class: "x"}, ["text", child]) — text always goes in as text nodes. */
  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      var value = attributes[name];
      if (value === true) node.setAttribute(name, "");
      else if (value !== false && value !== null && value !== undefined) node.setAttribute(name, value);
    });
    (children || []).forEach(function (child) {
      if (child) node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function hiddenText(text) {
    return el("span", { class: "agw-sr" }, [text]);
  }

  function linkNode(token) {
    var children = [token.text];
    var attributes = { href: token.href, class: "agw-link" };
    if (token.external) {
      attributes.target = "_blank";
      attributes.rel = "noopener noreferrer";
      children.push(hiddenText(" (nouvelle fenêtre)"));
    }
    return el("a", attributes, children);
  }

  /** The bot's text with its links; its emoji are decoration, not read aloud ("punaise ronde"). */
  function richText(text) {
    var nodes = [];
    tokenize(text).forEach(function (token) {
      if (token.type === "link") nodes.push(linkNode(token));
      else splitEmoji(token.text).forEach(function (part, i) {
        nodes.push(i % 2 ? el("span", { "aria-hidden": "true" }, [part]) : part);
      });
    });
    return nodes;
  }

  function loadScript(src, done) {
    var script = document.createElement("script");
    script.src = src;
    script.async = true;
    script.onload = function () { done(true); };
    script.onerror = function () { done(false); };
    document.head.appendChild(script);
  }

  // ---------------------------------------------------------------- the widget

  function Widget(options) {
    this.server = options.server;
    this.base = options.base;
    this.title = options.title;
    this.colour = options.colour;
    this.store = new ConversationStore(this.server);
    this.state = this.store.load();
    this.socket = null;
    this.ready = false; // connected and session confirmed
    this.queue = []; // messages written while the connection is down
    this.connectionLost = false;
    this.typingTimer = null;
    this.fullScreen = window.matchMedia(FULL_SCREEN);
    this.inertPage = null; // the host page's elements made inert under the full-screen panel
    this.build();
    this.renderTranscript();
    if (wasOpen()) this.open(false);
  }

  Widget.prototype.build = function () {
    var self = this;
    this.host = el("div", { id: "aiguillage-widget", lang: "fr" }); // read in French on any page
    this.host.style.setProperty("--agw-primary", this.colour);
    this.host.style.setProperty("--agw-on-primary", textColourOn(this.colour));
    this.host.style.visibility = "hidden"; // until the stylesheet is there
    var root = this.root = this.host.attachShadow({ mode: "open" });
    var stylesheet = el("link", { rel: "stylesheet", href: this.base + "aiguillage-widget.css" });
    stylesheet.onload = stylesheet.onerror = function () { self.host.style.visibility = ""; };

    this.launcher = el("button", {
      type: "button", class: "agw-launcher", "aria-expanded": "false", "aria-controls": "agw-panel"
    }, [el("span", { "aria-hidden": "true" }, ["💬 "]), "Discuter avec l'assistant"]);
    this.closeButton = el("button", { type: "button", class: "agw-close" }, ["Fermer"]);
    this.log = el("div", {
      class: "agw-log", role: "log", "aria-live": "polite", "aria-relevant": "additions",
      "aria-label": "Conversation", tabindex: "0"
    });
    this.typing = el("p", { class: "agw-typing", hidden: true }, [
      el("span", { class: "agw-dots", "aria-hidden": "true" }, [el("span"), el("span"), el("span")]),
      "L'assistant écrit…"
    ]);
    this.status = el("p", { class: "agw-status", role: "status" });
    this.input = el("input", {
      id: "agw-input", type: "text", class: "agw-input", autocomplete: "off", maxlength: "1000",
      enterkeyhint: "send"
    });
    this.form = el("form", { class: "agw-form" }, [
      el("label", { for: "agw-input", class: "agw-label" }, ["Votre message"]),
      el("div", { class: "agw-row" }, [this.input, el("button", { type: "submit", class: "agw-send" }, ["Envoyer"])])
    ]);
    this.clearButton = el("button", { type: "button", class: "agw-clear" }, ["Effacer la conversation"]);
    this.panel = el("section", {
      id: "agw-panel", class: "agw-panel", "aria-labelledby": "agw-title", hidden: true
    }, [
      el("div", { class: "agw-header" }, [el("h2", { id: "agw-title", class: "agw-title" }, [this.title]), this.closeButton]),
      this.log, this.typing, this.status, this.form,
      el("p", { class: "agw-privacy" }, [
        "Cette conversation reste sur cet appareil " + KEEP_HOURS + " heures après le dernier message. ",
        this.clearButton
      ])
    ]);
    root.appendChild(stylesheet);
    root.appendChild(this.launcher);
    root.appendChild(this.panel);

    this.launcher.addEventListener("click", function () { self.open(true); });
    this.closeButton.addEventListener("click", function () { self.close(); });
    this.clearButton.addEventListener("click", function () { self.clearConversation(); });
    this.panel.addEventListener("keydown", function (event) {
      if (event.key === "Escape") self.close();
      if (event.key === "Tab" && self.isModal()) self.keepFocusInside(event);
    });
    this.fullScreen.addEventListener("change", function () { self.applyLayout(); });
    this.form.addEventListener("submit", function (event) {
      event.preventDefault();
      var text = self.input.value.trim();
      if (!text) return;
      self.input.value = "";
      self.send(text, text);
    });
    document.body.appendChild(this.host);
  };

  Widget.prototype.open = function (moveFocus) {
    this.panel.hidden = false;
    this.launcher.hidden = true;
    this.launcher.setAttribute("aria-expanded", "true");
    rememberOpen(true);
    this.applyLayout();
    this.scrollToEnd();
    this.connect();
    if (moveFocus) this.input.focus();
  };

  Widget.prototype.close = function () {
    this.panel.hidden = true;
    this.launcher.hidden = false;
    this.launcher.setAttribute("aria-expanded", "false");
    rememberOpen(false);
    this.applyLayout();
    this.launcher.focus();
  };

  Widget.prototype.isModal = function () {
    return this.panel.getAttribute("aria-modal") === "true";
  };

  /** Full screen and open, the panel is a modal dialog and the page it covers is inert (out of
   * reach of Tab and of a screen reader's swipes); the floating panel leaves the page usable. */
  Widget.prototype.applyLayout = function () {
    var modal = !this.panel.hidden && this.fullScreen.matches;
    this.panel.classList.toggle("agw-full", this.fullScreen.matches);
    if (modal) {
      this.panel.setAttribute("role", "dialog");
      this.panel.setAttribute("aria-modal", "true");
    } else {
      this.panel.removeAttribute("role");
      this.panel.removeAttribute("aria-modal");
    }
    this.makePageInert(modal);
  };

  Widget.prototype.makePageInert = function (inert) {
    var host = this.host;
    if (inert && !this.inertPage) {
      // Elements the page made inert itself stay so when the panel closes.
      this.inertPage = Array.prototype.filter.call(document.body.children, function (node) {
        return node !== host && !node.inert;
      });
      this.inertPage.forEach(function (node) { node.inert = true; });
    } else if (!inert && this.inertPage) {
      this.inertPage.forEach(function (node) { node.inert = false; });
      this.inertPage = null;
    }
  };

  /** Tab on the last control goes to the first one, Shift+Tab on the first to the last. */
  Widget.prototype.keepFocusInside = function (event) {
    var controls = Array.prototype.filter.call(
      this.panel.querySelectorAll("a[href], button, input, [tabindex='0']"),
      function (node) { return node.getClientRects().length > 0; });
    var from = event.shiftKey ? controls[0] : controls[controls.length - 1];
    if (this.root.activeElement === from) {
      event.preventDefault();
      (event.shiftKey ? controls[controls.length - 1] : controls[0]).focus();
    }
  };

  // ---- transcript

  Widget.prototype.renderTranscript = function () {
    var self = this;
    this.log.textContent = "";
    var lastUser = -1;
    this.state.entries.forEach(function (entry, i) { if (entry.who === "user") lastUser = i; });
    this.state.entries.forEach(function (entry, i) { self.renderEntry(entry, i > lastUser); });
  };

  Widget.prototype.addEntry = function (entry) {
    this.state.entries.push(entry);
    if (this.state.entries.length > MAX_ENTRIES) this.state.entries.shift();
    this.store.save(this.state);
    this.renderEntry(entry, true);
    this.scrollToEnd();
  };

  Widget.prototype.renderEntry = function (entry, repliesActive) {
    if (entry.who === "user") {
      this.log.appendChild(el("div", { class: "agw-msg agw-user" }, [hiddenText("Vous : "), entry.text]));
    } else if (entry.fiche) {
      var fiche = this.ficheNode(entry.fiche);
      if (fiche) this.log.appendChild(fiche);
    } else {
      if (entry.text) {
        this.log.appendChild(el("div", { class: "agw-msg agw-bot" },
          [hiddenText("Assistant : ")].concat(richText(entry.text))));
      }
      if (repliesActive && entry.replies && entry.replies.length) this.log.appendChild(this.repliesNode(entry.replies));
    }
  };

  Widget.prototype.repliesNode = function (replies) {
    var self = this;
    return el("div", { class: "agw-replies", role: "group", "aria-label": "Réponses proposées" },
      replies.map(function (reply) {
        var button = el("button", { type: "button", class: "agw-reply" }, [reply.title]);
        button.addEventListener("click", function () {
          self.send(reply.payload, reply.title);
          self.input.focus(); // the button is gone: keep the keyboard user in the conversation
        });
        return button;
      }));
  };

  /** The contract's custom "fiche": tappable phone, map, e-mail and website under a contact card. */
  Widget.prototype.ficheNode = function (fiche) {
    var actions = [];
    var tel = telHref(fiche.telephone_international) || telHref(fiche.telephone);
    if (tel) actions.push({ text: "Appeler le " + (fiche.telephone || tel.slice(4)), href: tel });
    var map = safeWebUrl(fiche.lien_carte);
    if (map) actions.push({ text: "Voir sur un plan", href: map, external: true });
    if (typeof fiche.courriel === "string" && new RegExp("^" + EMAIL_PATTERN + "$").test(fiche.courriel)) {
      actions.push({ text: "Écrire un courriel", href: "mailto:" + fiche.courriel });
    }
    var site = safeWebUrl(fiche.lien);
    if (site) actions.push({ text: "Site internet", href: site, external: true });
    if (!actions.length) return null;
    // Each card has the same links: each one's name says whose it is ("Site internet : Mission
    // Locale…"), starting with its visible text, the words a voice-control user says.
    var place = String(fiche.titre || "cette structure");
    return el("ul", { class: "agw-fiche" }, actions.map(function (action) {
      var link = linkNode(action);
      link.setAttribute("class", "agw-action");
      link.setAttribute("aria-label", action.text + " : " + place + (action.external ? " (nouvelle fenêtre)" : ""));
      return el("li", {}, [link]);
    }));
  };

  Widget.prototype.scrollToEnd = function () {
    this.log.scrollTop = this.log.scrollHeight;
  };

  // ---- sending and receiving

  /** Sends `message` to the bot and shows `shown` as the resident's message (a button's title). */
  Widget.prototype.send = function (message, shown) {
    var stale = this.log.querySelectorAll(".agw-replies");
    for (var i = 0; i < stale.length; i++) stale[i].remove();
    this.addEntry({ who: "user", text: shown });
    this.deliver(message);
  };

  Widget.prototype.deliver = function (message) {
    if (!this.ready) {
      this.queue.push(message);
      if (this.connectionLost) this.showConnectionProblem("Connexion perdue.");
      return;
    }
    this.socket.emit(USER_EVENT, { message: message, session_id: this.state.sessionId });
    this.showTyping();
  };

  Widget.prototype.onBotMessage = function (body) {
    this.hideTyping();
    if (!body || typeof body !== "object") return;
    if (body.donnees_effacees === true || (body.custom && body.custom.donnees_effacees === true)) {
      this.forgetAfterErasure(); // "effacer mes données": the copy in this browser goes too
      return;
    }
    var fiche = body.fiche || (body.custom && body.custom.fiche);
    if (fiche && typeof fiche === "object") {
      this.addEntry({ who: "bot", fiche: fiche });
      return;
    }
    var replies = (Array.isArray(body.quick_replies) ? body.quick_replies : body.buttons || [])
      .filter(function (r) { return r && typeof r.title === "string" && typeof r.payload === "string"; })
      .map(function (r) { return { title: r.title, payload: r.payload }; });
    var text = typeof body.text === "string" ? body.text.trim() : "";
    if (text || replies.length) this.addEntry({ who: "bot", text: text, replies: replies });
    // Anything else (images, other custom payloads) is not for this channel: ignored.
  };

  Widget.prototype.showTyping = function () {
    var self = this;
    this.typing.hidden = false;
    clearTimeout(this.typingTimer);
    this.typingTimer = setTimeout(function () { self.hideTyping(); }, TYPING_TIMEOUT_MS);
  };

  Widget.prototype.hideTyping = function () {
    clearTimeout(this.typingTimer);
    this.typing.hidden = true;
  };

  Widget.prototype.setStatus = function (text) {
    this.status.textContent = text;
  };

  Widget.prototype.showConnectionProblem = function (problem) {
    this.connectionLost = true;
    this.setStatus(problem + (this.queue.length
      ? " Votre message partira dès que la connexion reviendra."
      : " Nouvelle tentative en cours…"));
  };

  // ---- connection

  Widget.prototype.connect = function () {
    var self = this;
    if (this.socket || this.loading) return;
    this.loading = true;
    this.setStatus("Connexion…");
    var pageIo = window.io; // the page may have its own socket.io: give it back after loading ours
    loadScript(this.base + "socket.io.min.js", function (loaded) {
      var io = window.io;
      if (pageIo === undefined) delete window.io;
      else window.io = pageIo;
      self.loading = false;
      if (!loaded || typeof io !== "function") {
        self.setStatus("La discussion n'est pas disponible pour le moment. Réessayez plus tard.");
        return;
      }
      self.openSocket(io);
    });
  };

  Widget.prototype.openSocket = function (io) {
    var self = this;
    var server;
    try {
      server = new URL(this.server, window.location.href);
    } catch (error) {
      console.error("Aiguillage : l'attribut data-server n'est pas une adresse valide :", this.server);
      this.setStatus("La discussion n'est pas disponible pour le moment. Réessayez plus tard.");
      return;
    }
    // A Rasa behind a path (https://site/aiguillage) has its socket.io at /aiguillage/socket.io;
    // a path given to io() itself would be taken for a socket.io namespace.
    var socket = io(server.origin, {
      path: server.pathname.replace(/\/+$/, "") + "/socket.io",
      reconnectionDelayMax: 5000
    });
    this.socket = socket;
    socket.on("connect", function () {
      // Again after each reconnection: a new socket has to join the conversation's room.
      self.ready = false;
      socket.emit("session_request", { session_id: self.state.sessionId });
    });
    socket.on("session_confirm", function (confirmed) {
      var sessionId = typeof confirmed === "string" ? confirmed : confirmed && confirmed.session_id;
      if (!sessionId) return;
      var isNew = sessionId !== self.state.sessionId;
      self.state.sessionId = sessionId;
      self.store.save(self.state);
      self.ready = true;
      self.setStatus(self.connectionLost ? "Connexion rétablie." : "");
      self.connectionLost = false;
      if (isNew && self.state.entries.length === 0) self.deliver(GREETING);
      var waiting = self.queue.splice(0);
      waiting.forEach(function (message) { self.deliver(message); });
    });
    socket.on(BOT_EVENT, function (body) { self.onBotMessage(body); });
    socket.on("disconnect", function (reason) {
      self.ready = false;
      if (reason === "io client disconnect") return; // our own doing (conversation erased)
      self.hideTyping();
      self.showConnectionProblem("Connexion perdue.");
    });
    socket.on("connect_error", function () {
      self.showConnectionProblem("Le service de discussion ne répond pas.");
    });
  };

  /** After the bot erased the conversation: the transcript kept in this browser is erased too,
   * except the bot's confirmation, and the next message starts a new conversation. */
  Widget.prototype.forgetAfterErasure = function () {
    var last = this.state.entries[this.state.entries.length - 1];
    this.clearConversation();
    if (last && last.who === "bot" && last.text) this.addEntry({ who: "bot", text: last.text, replies: [] });
  };

  /** Forgets the conversation on this device and starts a new one (new Rasa session id). */
  Widget.prototype.clearConversation = function () {
    this.store.clear();
    this.state = { sessionId: null, entries: [], lastActivity: 0 };
    this.queue = [];
    this.log.textContent = "";
    this.hideTyping();
    if (this.socket) {
      this.ready = false;
      this.socket.disconnect(); // a new socket leaves the old conversation's room
      this.socket.connect();
    }
    this.setStatus("Conversation effacée de cet appareil.");
    this.input.focus();
  };

  // ---------------------------------------------------------------- start

  function start(script) {
    var base = script && script.src ? new URL(".", script.src).href : new URL("/widget/", window.location.href).href;
    var data = (script && script.dataset) || {};
    var begin = function () {
      if (document.getElementById("aiguillage-widget")) return; // the tag was put twice on the page
      new Widget({
        server: (data.server || new URL(base, window.location.href).origin).replace(/\/+$/, ""),
        base: base,
        title: data.title || DEFAULT_TITLE,
        colour: parseColour(data.color) || DEFAULT_COLOUR
      });
    };
    if (document.body) begin();
    else document.addEventListener("DOMContentLoaded", begin);
  }

  return {
    start: start,
    tokenize: tokenize,
    splitEmoji: splitEmoji,
    telHref: telHref,
    safeWebUrl: safeWebUrl,
    parseColour: parseColour,
    contrast: contrast,
    textColourOn: textColourOn
  };
});
