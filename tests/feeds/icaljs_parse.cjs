#!/usr/bin/env node
// Parse an iCalendar feed from stdin with Mozilla's ical.js (the parser inside Thunderbird) and
// print a JSON list with one object per VEVENT. Used by tests/feeds/parsers.py.
//
// The feed's VTIMEZONEs are registered with ICAL.TimezoneService (ical.js has no zone database:
// what it knows of a zone is the VTIMEZONE). A TZID without a VTIMEZONE is an error here, not a
// silently "floating" time.
//
// Output per event:
//   {uid, sequence, status, summary, description, location, url, categories: [..],
//    start: {isDate, utc: ISO instant or null, local: wall time "YYYY-MM-DDTHH:MM:SS" or date,
//            tzid},
//    end: same or null when there is no DTEND}
"use strict";

const ICAL = require("ical.js") // exports: "require" -> dist/ical.es5.cjs;

function readStdin() {
  return require("node:fs").readFileSync(0, "utf8");
}

function pad(number, width = 2) {
  return String(number).padStart(width, "0");
}

function wallTime(time) {
  const day = `${pad(time.year, 4)}-${pad(time.month)}-${pad(time.day)}`;
  if (time.isDate) return day;
  return `${day}T${pad(time.hour)}:${pad(time.minute)}:${pad(time.second)}`;
}

function describeTime(property) {
  if (!property) return null;
  const time = property.getFirstValue();
  const tzid = property.getParameter("tzid") || null;
  if (!time.isDate) {
    const zone = time.zone;
    if (tzid !== null && (!zone || zone.tzid !== tzid || !zone.component)) {
      throw new Error(`TZID ${tzid} did not resolve to its VTIMEZONE`);
    }
    if (tzid === null && zone !== ICAL.Timezone.utcTimezone) {
      throw new Error(`floating time ${time.toString()} in ${property.name}`);
    }
  }
  return {
    isDate: time.isDate,
    utc: time.isDate ? null : time.toJSDate().toISOString(),
    local: wallTime(time),
    tzid,
  };
}

function main() {
  const text = readStdin();
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const vtimezone of calendar.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.register(vtimezone);
  }
  const events = calendar.getAllSubcomponents("vevent").map((vevent) => {
    const event = new ICAL.Event(vevent);
    const categories = [];
    for (const property of vevent.getAllProperties("categories")) {
      categories.push(...property.getValues());
    }
    return {
      uid: event.uid,
      sequence: event.sequence,
      status: vevent.getFirstPropertyValue("status"),
      summary: event.summary,
      description: event.description,
      location: event.location,
      url: vevent.getFirstPropertyValue("url"),
      categories,
      start: describeTime(vevent.getFirstProperty("dtstart")),
      end: describeTime(vevent.getFirstProperty("dtend")),
    };
  });
  process.stdout.write(JSON.stringify(events));
}

main();
