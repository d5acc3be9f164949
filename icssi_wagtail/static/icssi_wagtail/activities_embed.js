/*
 * ICSSI activities embed: a live listing of upcoming activities for any web page.
 *
 *   <div data-icssi-activities
 *        data-api="https://example.org/api/v2/"
 *        data-theme="water"          (optional: one or more theme slugs, comma-separated)
 *        data-lang="ar"              (optional: the locale of the activities and interface)
 *        data-limit="5"></div>       (optional: 1 to 50, default 5)
 *   <script src="https://example.org/static/icssi_wagtail/activities_embed.js" defer></script>
 *
 * No dependencies and no CSS framework. Every string from the API is inserted as text, never
 * as HTML. The API must allow the embedding site's origin (CORS).
 */
(function () {
  "use strict";

  var RTL_LANGUAGES = ["ar", "ckb", "fa", "he", "ur"];
  var STRINGS = {
    en: {
      heading: "Upcoming activities",
      loading: "Loading activities…",
      empty: "No upcoming activities.",
      error: "The activities could not be loaded. Please try again later.",
      organisers: "Organised by",
    },
    ar: {
      heading: "الأنشطة القادمة",
      loading: "جارٍ تحميل الأنشطة…",
      empty: "لا توجد أنشطة قادمة.",
      error: "تعذّر تحميل الأنشطة. يرجى المحاولة لاحقًا.",
      organisers: "تنظيم",
    },
    ckb: {
      heading: "چالاکییەکانی داهاتوو",
      loading: "چالاکییەکان باردەکرێن…",
      empty: "هیچ چالاکییەکی داهاتوو نییە.",
      error: "نەتوانرا چالاکییەکان باربکرێن. تکایە دواتر هەوڵ بدەرەوە.",
      organisers: "ڕێکخەر",
    },
    fr: {
      heading: "Activités à venir",
      loading: "Chargement des activités…",
      empty: "Aucune activité à venir.",
      error: "Les activités n’ont pas pu être chargées. Veuillez réessayer plus tard.",
      organisers: "Organisé par",
    },
    it: {
      heading: "Prossime attività",
      loading: "Caricamento delle attività…",
      empty: "Nessuna attività in programma.",
      error: "Non è stato possibile caricare le attività. Riprova più tardi.",
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

  function requestUrl(container) {
    var api = container.getAttribute("data-api") || "";
    var url = new URL("activities/", api.replace(/\/?$/, "/"));
    var limit = parseInt(container.getAttribute("data-limit") || "5", 10);
    url.searchParams.set("upcoming", "true");
    url.searchParams.set("limit", String(Math.min(Math.max(limit || 5, 1), 50)));
    var theme = container.getAttribute("data-theme");
    if (theme) url.searchParams.set("theme", theme);
    var lang = container.getAttribute("data-lang");
    if (lang) url.searchParams.set("locale", lang);
    return url.href;
  }

  function formatDate(iso, lang, timeZone, allDay) {
    var date = new Date(iso);
    var options = { dateStyle: "long", timeZone: timeZone };
    if (!allDay) options.timeStyle = "short";
    try {
      return new Intl.DateTimeFormat(lang || undefined, options).format(date);
    } catch (error) {
      return iso;
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
        when.appendChild(document.createTextNode(" · "));
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
    if (themes.length) item.appendChild(element("p", "icssi-embed__themes", themes.join(" · ")));
    return item;
  }

  function showMessage(status, message, isError) {
    status.textContent = message;
    status.className = "icssi-embed__status" + (isError ? " icssi-embed__status--error" : "");
  }

  function load(container) {
    var lang = container.getAttribute("data-lang") || document.documentElement.lang || "en";
    var text = strings(lang);
    container.setAttribute("lang", lang);
    container.setAttribute("dir", RTL_LANGUAGES.indexOf(baseLanguage(lang)) >= 0 ? "rtl" : "ltr");
    container.classList.add("icssi-embed");
    container.textContent = "";

    var section = element("section");
    var heading = element("h2", "icssi-embed__heading", text.heading);
    heading.id = "icssi-embed-" + Math.random().toString(36).slice(2);
    section.setAttribute("aria-labelledby", heading.id);
    section.appendChild(heading);
    var status = element("p", "icssi-embed__status", text.loading);
    status.setAttribute("role", "status");
    section.appendChild(status);
    container.appendChild(section);

    fetch(requestUrl(container), { headers: { Accept: "application/json" }, credentials: "omit" })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (data) {
        var items = (data && data.items) || [];
        if (!items.length) {
          showMessage(status, text.empty, false);
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
