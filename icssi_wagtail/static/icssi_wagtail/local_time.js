/*
 * icssi_wagtail: the visitor's own time after an event's local times.
 *
 * Progressive enhancement: the page already shows each event's times where it takes place,
 * with their UTC offset. Where the visitor's time zone differs at that moment, this adds
 * a line "your time: 24 Mar 2015, 14:00 – 17:00", formatted by the browser (Intl.DateTimeFormat)
 * in the page's language. Without JavaScript nothing is lost.
 */
(function () {
  "use strict";

  if (!window.Intl || !Intl.DateTimeFormat) {
    return;
  }

  // "+03:00" at the end of a datetime attribute, in minutes east of UTC.
  function eventOffset(value) {
    var match = /([+-])(\d{2}):(\d{2})$/.exec(value);
    if (!match) {
      return value.slice(-1) === "Z" ? 0 : null;
    }
    var minutes = parseInt(match[2], 10) * 60 + parseInt(match[3], 10);
    return match[1] === "-" ? -minutes : minutes;
  }

  function format(dates, language) {
    var options = {
      day: "numeric",
      month: "short",
      year: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      timeZoneName: "short",
    };
    var formatter = new Intl.DateTimeFormat(language || undefined, options);
    if (dates.length > 1 && formatter.formatRange) {
      return formatter.formatRange(dates[0], dates[1]);
    }
    return formatter.format(dates[0]);
  }

  function enhance(element, language) {
    var times = element.querySelectorAll("time[datetime*='T']");
    if (!times.length || element.querySelector(".icssi-your-time")) {
      return;
    }
    var value = times[0].getAttribute("datetime");
    var start = new Date(value);
    var offset = eventOffset(value);
    if (isNaN(start.getTime()) || offset === null || offset === -start.getTimezoneOffset()) {
      return;
    }
    var dates = [start];
    if (times.length > 1) {
      var end = new Date(times[times.length - 1].getAttribute("datetime"));
      if (!isNaN(end.getTime())) {
        dates.push(end);
      }
    }
    var note = document.createElement("span");
    note.className = "icssi-your-time";
    note.textContent = element.getAttribute("data-icssi-your-time") + ": " + format(dates, language);
    element.appendChild(note);
  }

  function run() {
    var language = document.documentElement.lang;
    var elements = document.querySelectorAll("[data-icssi-your-time]");
    for (var index = 0; index < elements.length; index += 1) {
      try {
        enhance(elements[index], language);
      } catch (error) {
        // An unknown language or zone leaves the page as it was served.
      }
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", run);
  } else {
    run();
  }
})();
