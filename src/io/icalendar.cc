#include "cardex/io/icalendar.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace cardex {
namespace {

constexpr size_t kMaxOctets = 75;

bool IsContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

}  // namespace

std::string EscapeIcalText(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    switch (c) {
      case '\\': out += "\\\\"; break;
      case ';': out += "\\;"; break;
      case ',': out += "\\,"; break;
      case '\r':
        if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
        out += "\\n";
        break;
      case '\n': out += "\\n"; break;
      default: out += c;
    }
  }
  return out;
}

void AppendContentLine(std::string* out, std::string_view line) {
  size_t room = kMaxOctets;  // the first line has no leading space
  while (line.size() > room) {
    size_t cut = room;
    while (cut > 0 && IsContinuationByte(line[cut])) --cut;  // keep sequences whole
    if (cut == 0) cut = room;  // not UTF-8 at all: cut anyway rather than loop
    out->append(line.substr(0, cut));
    out->append("\r\n ");
    line.remove_prefix(cut);
    room = kMaxOctets - 1;
  }
  out->append(line);
  out->append("\r\n");
}

std::string FormatCalendar(std::string_view prodid, std::span<const CalendarEvent> events) {
  std::string out;
  auto line = [&](std::string_view name, std::string_view value) {
    std::string l(name);
    l += ':';
    l += value;
    AppendContentLine(&out, l);
  };
  line("BEGIN", "VCALENDAR");
  line("VERSION", "2.0");
  line("PRODID", prodid);
  line("CALSCALE", "GREGORIAN");
  line("METHOD", "PUBLISH");
  bool vietnam = false;
  for (const CalendarEvent& e : events) vietnam = vietnam || e.tzid == kVietnamTzid;
  if (vietnam) {
    // Fixed at +0700 since 1975; DTSTART of the STANDARD part is the
    // conventional 1970 epoch start.
    line("BEGIN", "VTIMEZONE");
    line("TZID", kVietnamTzid);
    line("BEGIN", "STANDARD");
    line("DTSTART", "19700101T000000");
    line("TZOFFSETFROM", "+0700");
    line("TZOFFSETTO", "+0700");
    line("TZNAME", "ICT");
    line("END", "STANDARD");
    line("END", "VTIMEZONE");
  }
  for (const CalendarEvent& e : events) {
    const std::string zone = e.tzid.empty() ? "" : ";TZID=" + e.tzid;
    line("BEGIN", "VEVENT");
    line("UID", EscapeIcalText(e.uid));
    line("DTSTAMP", e.dtstamp);
    line("DTSTART" + zone, e.dtstart);
    line("DTEND" + zone, e.dtend);
    line("SUMMARY", EscapeIcalText(e.summary));
    if (!e.location.empty()) line("LOCATION", EscapeIcalText(e.location));
    if (!e.description.empty()) line("DESCRIPTION", EscapeIcalText(e.description));
    line("END", "VEVENT");
  }
  line("END", "VCALENDAR");
  return out;
}

std::string IcalLocalDateTime(std::string_view local) {
  if (local.size() != 16 || local[4] != '-' || local[7] != '-' || local[10] != 'T' ||
      local[13] != ':') {
    return "";
  }
  std::string out;
  out.append(local.substr(0, 4)).append(local.substr(5, 2)).append(local.substr(8, 2));
  out.append("T").append(local.substr(11, 2)).append(local.substr(14, 2)).append("00");
  return out;
}

Status WriteFileAtomically(const std::string& path, std::string_view content) {
  const std::string tmp = path + ".tmp";
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) return Status::IoError("cannot write " + path + ": " + std::strerror(errno));
  bool ok = std::fwrite(content.data(), 1, content.size(), f) == content.size();
  ok = (std::fclose(f) == 0) && ok;
  if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    std::remove(tmp.c_str());
    return Status::IoError("cannot write " + path + ": " + std::strerror(err));
  }
  return Status::Ok();
}

}  // namespace cardex
