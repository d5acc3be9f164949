/*
 * ICSSI activities embed: a live listing of activities for any web page.
 *
 *   <div data-icssi-activities
 *        data-api="https://example.org/api/v2/"
 *        data-theme="water"          (optional: one or more theme slugs, comma-separated)
 *        data-lang="ar"              (optional: the locale of the activities and interface;
 *                                     default: the page's language if the script knows it,
 *                                     else English)
 *        data-when="past"            (optional: "upcoming" (default), "past" or "all")
 *        data-limit="5"></div>       (optional: 1 to 50, default 5)
 *   <script src="https://example.org/static/icssi_wagtail/activities_embed.js" defer></script>
 *
 * No dependencies and no CSS framework. Every string from the API is inserted as text, never
 * as HTML. The API must allow the embedding site's origin (CORS).
 *
 * This file is plain ASCII (other characters are written as \u escapes), so that it reads the
 * same whatever encoding the embedding page or the server declares. Times are shown in the
 * activity's own time zone, named after the time.
 */
(function () {
  "use strict";

  var RTL_LANGUAGES = ["ar", "ckb", "fa", "he", "ur"];
  var WHEN = ["upcoming", "past", "all"];
  var STRINGS = {
    en: {
      heading: { upcoming: "Upcoming activities", past: "Past activities", all: "Activities" },
      loading: "Loading activities\u2026",
      empty: {
        upcoming: "No upcoming activities.",
        past: "No past activities.",
        all: "No activities.",
      },
      error: "The activities could not be loaded. Please try again later.",
      organisers: "Organised by",
    },
    ar: {
      heading: { upcoming: "\u0627\u0644\u0623\u0646\u0634\u0637\u0629 \u0627\u0644\u0642\u0627\u062f\u0645\u0629", past: "\u0627\u0644\u0623\u0646\u0634\u0637\u0629 \u0627\u0644\u0633\u0627\u0628\u0642\u0629", all: "\u0627\u0644\u0623\u0646\u0634\u0637\u0629" },
      loading: "\u062c\u0627\u0631\u064d \u062a\u062d\u0645\u064a\u0644 \u0627\u0644\u0623\u0646\u0634\u0637\u0629\u2026",
      empty: {
        upcoming: "\u0644\u0627 \u062a\u0648\u062c\u062f \u0623\u0646\u0634\u0637\u0629 \u0642\u0627\u062f\u0645\u0629.",
        past: "\u0644\u0627 \u062a\u0648\u062c\u062f \u0623\u0646\u0634\u0637\u0629 \u0633\u0627\u0628\u0642\u0629.",
        all: "\u0644\u0627 \u062a\u0648\u062c\u062f \u0623\u0646\u0634\u0637\u0629.",
      },
      error: "\u062a\u0639\u0630\u0651\u0631 \u062a\u062d\u0645\u064a\u0644 \u0627\u0644\u0623\u0646\u0634\u0637\u0629. \u064a\u0631\u062c\u0649 \u0627\u0644\u0645\u062d\u0627\u0648\u0644\u0629 \u0644\u0627\u062d\u0642\u064b\u0627.",
      organisers: "\u062a\u0646\u0638\u064a\u0645",
    },
    ckb: {
      heading: {
        upcoming: "\u0686\u0627\u0644\u0627\u06a9\u06cc\u06cc\u06d5\u06a9\u0627\u0646\u06cc \u062f\u0627\u0647\u0627\u062a\u0648\u0648",
        past: "\u0686\u0627\u0644\u0627\u06a9\u06cc\u06cc\u06d5\u06a9\u0627\u0646\u06cc \u067e\u06ce\u0634\u0648\u0648",
        all: "\u0686\u0627\u0644\u0627\u06a9\u06cc\u06cc\u06d5\u06a9\u0627\u0646",
      },
      loading: "\u0686\u0627\u0644\u0627\u06a9\u06cc\u06cc\u06d5\u06a9\u0627\u0646 \u0628\u0627\u0631\u062f\u06d5\u06a9\u0631\u06ce\u0646\u2026",
      empty: {
        upcoming: "\u0647\u06cc\u0686 \u0686\u0627\u0644\u0627\u06a9\u06cc\u06cc\u06d5\u06a9\u06cc \u062f\u0627\u0647\u0627\u062a\u0648\u0648 \u0646\u06cc\u06cc\u06d5.",
        past: "\u0647\u06cc\u0686 \u0686\u0627\u0644\u0627\u06a9\u06cc\u06cc\u06d5\u06a9\u06cc \u067e\u06ce\u0634\u0648\u0648 \u0646\u06cc\u06cc\u06d5.",
        all: "\u0647\u06cc\u0686 \u0686\u0627\u0644\u0627\u06a9\u06cc\u06cc\u06d5\u06a9 \u0646\u06cc\u06cc\u06d5.",
      },
      error: "\u0646\u06d5\u062a\u0648\u0627\u0646\u0631\u0627 \u0686\u0627\u0644\u0627\u06a9\u06cc\u06cc\u06d5\u06a9\u0627\u0646 \u0628\u0627\u0631\u0628\u06a9\u0631\u06ce\u0646. \u062a\u06a9\u0627\u06cc\u06d5 \u062f\u0648\u0627\u062a\u0631 \u0647\u06d5\u0648\u06b5 \u0628\u062f\u06d5\u0631\u06d5\u0648\u06d5.",
      organisers: "\u0695\u06ce\u06a9\u062e\u06d5\u0631",
    },
    fr: {
      heading: { upcoming: "Activit\u00e9s \u00e0 venir", past: "Activit\u00e9s pass\u00e9es", all: "Activit\u00e9s" },
      loading: "Chargement des activit\u00e9s\u2026",
      empty: {
        upcoming: "Aucune activit\u00e9 \u00e0 venir.",
        past: "Aucune activit\u00e9 pass\u00e9e.",
        all: "Aucune activit\u00e9.",
      },
      error: "Les activit\u00e9s n\u2019ont pas pu \u00eatre charg\u00e9es. Veuillez r\u00e9essayer plus tard.",
      organisers: "Organis\u00e9 par",
    },
    it: {
      heading: { upcoming: "Prossime attivit\u00e0", past: "Attivit\u00e0 passate", all: "Attivit\u00e0" },
      loading: "Caricamento delle attivit\u00e0\u2026",
      empty: {
        upcoming: "Nessuna attivit\u00e0 in programma.",
        past: "Nessuna attivit\u00e0 passata.",
        all: "Nessuna attivit\u00e0.",
      },
      error: "Non \u00e8 stato possibile caricare le attivit\u00e0. Riprova pi\u00f9 tardi.",
      organisers: "Organizzato da",
    },
  };

  function baseLanguage(lang) {
    return (lang || "en").toLowerCase().split("-")[0];
  }

  function strings(lang) {
    return STRINGS[baseLanguage(lang)] || STRINGS.en;
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function safeUrl(value) {
    try {
      var url = new URL(value, window.location.href);
      return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
    } catch (error) {
      return null;
    }
  }

  function when(container) {
    var value = (container.getAttribute("data-when") || "").toLowerCase();
    return WHEN.indexOf(value) >= 0 ? value : "upcoming";
  }

  // One language for the activities and the interface, so that a list never mixes languages.
  function language(container) {
    var lang = container.getAttribute("data-lang");
    if (lang) return lang;
    var page = baseLanguage(document.documentElement.lang);
    return STRINGS[page] ? page : "en";
  }

  function requestUrl(container) {
    var api = container.getAttribute("data-api") || "";
    // A relative data-api ("/api/v2/") is read against the embedding page's address.
    var base = new URL(api.replace(/\/?$/, "/"), window.location.href);
    var url = new URL("activities/", base);
    var limit = parseInt(container.getAttribute("data-limit") || "5", 10);
    // Past activities come most recent first; "all" leaves the filter out.
    if (when(container) !== "all") {
      url.searchParams.set("upcoming", when(container) === "upcoming" ? "true" : "false");
    }
    url.searchParams.set("limit", String(Math.min(Math.max(limit || 5, 1), 50)));
    var theme = container.getAttribute("data-theme");
    if (theme) url.searchParams.set("theme", theme);
    url.searchParams.set("locale", language(container));
    return url.href;
  }

  // The date in the activity's time zone; a time is followed by that zone ("GMT+1"), so that
  // a visitor elsewhere knows the time is not theirs.
  function formatDate(iso, lang, timeZone, allDay) {
    var date = new Date(iso);
    var options = { year: "numeric", month: "long", day: "numeric", timeZone: timeZone };
    if (!allDay) {
      options.hour = "2-digit";
      options.minute = "2-digit";
      options.timeZoneName = "short";
    }
    try {
      return new Intl.DateTimeFormat(lang || undefined, options).format(date);
    } catch (error) {
      return iso; // ISO 8601 with its UTC offset
    }
  }

  function renderActivity(activity, lang, text) {
    var item = element("li", "icssi-embed__item");
    var title = element("h3", "icssi-embed__title");
    var href = safeUrl(activity.meta && activity.meta.html_url);
    var titleText = element(href ? "a" : "span", null, activity.title);
    if (href) titleText.href = href;
    titleText.dir = "auto";
    title.appendChild(titleText);
    item.appendChild(title);

    var event = activity.event || {};
    if (event.start) {
      var when = element("p", "icssi-embed__when");
      var time = element("time", null, formatDate(event.start, lang, event.time_zone, event.all_day));
      time.setAttribute("datetime", event.start);
      when.appendChild(time);
      var place = [event.city, event.country && event.country.name].filter(Boolean).join(", ");
      if (place) {
        when.appendChild(document.createTextNode(" \u00b7 "));
        var bdi = element("bdi", null, place);
        when.appendChild(bdi);
      }
      item.appendChild(when);
    }
    if (activity.summary) item.appendChild(element("p", "icssi-embed__summary", activity.summary));
    var organisers = (activity.organisers || []).map(function (organisation) {
      return organisation.acronym || organisation.name;
    });
    if (organisers.length) {
      var by = element("p", "icssi-embed__organisers", text.organisers + ": ");
      by.appendChild(element("bdi", null, organisers.join(", ")));
      item.appendChild(by);
    }
    var themes = (activity.themes || []).map(function (theme) {
      return theme.name;
    });
    if (themes.length) item.appendChild(element("p", "icssi-embed__themes", themes.join(" \u00b7 ")));
    return item;
  }

  function showMessage(status, message, isError) {
    status.textContent = message;
    status.className = "icssi-embed__status" + (isError ? " icssi-embed__status--error" : "");
  }

  function load(container) {
    var lang = language(container);
    var text = strings(lang);
    var period = when(container);
    container.setAttribute("lang", lang);
    container.setAttribute("dir", RTL_LANGUAGES.indexOf(baseLanguage(lang)) >= 0 ? "rtl" : "ltr");
    container.classList.add("icssi-embed");
    container.textContent = "";

    var section = element("section");
    var heading = element("h2", "icssi-embed__heading", text.heading[period]);
    heading.id = "icssi-embed-" + Math.random().toString(36).slice(2);
    section.setAttribute("aria-labelledby", heading.id);
    section.appendChild(heading);
    var status = element("p", "icssi-embed__status", text.loading);
    status.setAttribute("role", "status");
    section.appendChild(status);
    container.appendChild(section);

    var url;
    try {
      url = requestUrl(container);
    } catch (error) {
      showMessage(status, text.error, true); // no or a malformed data-api
      return;
    }
    fetch(url, { headers: { Accept: "application/json" }, credentials: "omit" })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (data) {
        var items = (data && data.items) || [];
        if (!items.length) {
          showMessage(status, text.empty[period], false);
          return;
        }
        var list = element("ul", "icssi-embed__list");
        items.forEach(function (activity) {
          list.appendChild(renderActivity(activity, lang, text));
        });
        section.appendChild(list);
        status.textContent = "";
      })
      .catch(function () {
        showMessage(status, text.error, true);
      });
  }

  function init() {
    var containers = document.querySelectorAll("[data-icssi-activities]");
    Array.prototype.forEach.call(containers, load);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
