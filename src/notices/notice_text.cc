#include "cardex/notices/notice_text.h"

#include <array>
#include <cstdio>

#include "cardex/core/dates.h"
#include "cardex/notices/gsm7.h"

namespace cardex::notices {
namespace {

// Thứ Hai .. Chủ Nhật, unaccented; Date::weekday() 0 is Monday.
constexpr std::array<std::string_view, 7> kWeekdays = {"Thu Hai", "Thu Ba",  "Thu Tu",  "Thu Nam",
                                                      "Thu Sau", "Thu Bay", "Chu Nhat"};

struct Slot {
  std::string weekday, date, from, to;
};

Result<Slot> ParseSlot(std::string_view start, std::string_view end) {
  auto bad = [&] {
    return Status::InvalidArgument("notice: slot " + std::string(start) + " - " + std::string(end) +
                                   " is not YYYY-MM-DDTHH:MM");
  };
  if (start.size() != 16 || end.size() != 16 || start[10] != 'T' || end[10] != 'T') return bad();
  auto day = Date::Parse(start.substr(0, 10));
  auto from = TimeOfDay::Parse(start.substr(11));
  auto to = TimeOfDay::Parse(end.substr(11));
  if (!day.ok() || !from.ok() || !to.ok()) return bad();
  Slot s;
  s.weekday = std::string(kWeekdays[static_cast<size_t>(day->weekday())]);
  char date[64];
  std::snprintf(date, sizeof date, "%02d/%02d/%04d", day->day(), day->month(), day->year());
  s.date = date;
  s.from = from->ToString();
  s.to = to->ToString();
  return s;
}

// The text with `place` standing for the station.
std::string Compose(const NoticeFacts& f, const Slot& s, const std::string& place) {
  const std::string when = s.weekday + " " + s.date + ", " + s.from + "-" + s.to;
  const std::string code = "Ma moi: " + f.invitation_code;
  const bool home = f.mode == "home_visit";
  switch (f.kind) {
    case NoticeKind::kInvitation:
      return home ? "Doi the dang vien: " + place + " se den nha dong chi " + when +
                        ". Chuan bi CCCD va the cu. " + code
                  : "Moi dong chi den doi the dang vien: " + when + ", tai " + place +
                        ". Mang CCCD va the cu. " + code;
    case NoticeKind::kReminder:
      return home ? "Nhac lich: ngay mai " + when + ", " + place +
                        " den nha dong chi doi the dang vien. Chuan bi CCCD va the cu. " + code
                  : "Nhac lich: ngay mai " + when + ", dong chi den " + place +
                        " doi the dang vien. Mang CCCD va the cu. " + code;
    case NoticeKind::kMoved:
      return home ? "Lich doi the dang vien DA THAY DOI: " + place + " se den nha dong chi " +
                        when + ". Chuan bi CCCD va the cu. " + code
                  : "Lich doi the dang vien DA THAY DOI: " + when + ", tai " + place +
                        ". Mang CCCD va the cu. " + code;
    case NoticeKind::kCatchUp:
      return home ? "Lich bo sung doi the dang vien: " + place + " se den nha dong chi " + when +
                        ". Chuan bi CCCD va the cu. " + code
                  : "Lich bo sung doi the dang vien: " + when + ", tai " + place +
                        ". Mang CCCD va the cu. " + code;
  }
  return "";
}

bool Fits(const std::string& text) {
  auto n = Gsm7Septets(text);
  return n && *n <= kSmsSeptets;
}

// Drops the last word of `place` (at least one character kept).
bool CutWord(std::string& place) {
  if (place.size() <= 1) return false;
  if (place.ends_with("..")) place.resize(place.size() - 2);
  size_t space = place.find_last_of(' ');
  if (space == std::string::npos || space == 0) {
    place.resize(place.size() - 1);
  } else {
    place.resize(space);
  }
  place += "..";
  return true;
}

}  // namespace

std::string_view KindName(NoticeKind kind) {
  switch (kind) {
    case NoticeKind::kInvitation: return "invitation";
    case NoticeKind::kReminder: return "reminder";
    case NoticeKind::kMoved: return "moved";
    case NoticeKind::kCatchUp: return "catch_up";
  }
  return "";
}

std::optional<NoticeKind> ParseKind(std::string_view name) {
  for (NoticeKind k : {NoticeKind::kInvitation, NoticeKind::kReminder, NoticeKind::kMoved,
                       NoticeKind::kCatchUp}) {
    if (KindName(k) == name) return k;
  }
  return std::nullopt;
}

Result<std::string> NoticeText(const NoticeFacts& facts) {
  if (!Gsm7Septets(facts.invitation_code) || facts.invitation_code.empty()) {
    return Status::InvalidArgument("notice: the invitation code is not GSM-7 text");
  }
  CARDEX_ASSIGN_OR_RETURN(const Slot slot, ParseSlot(facts.slot_start, facts.slot_end));
  std::string place = ToGsm7Basic(facts.station_name);
  std::string text = Compose(facts, slot, place);
  if (Fits(text)) return text;
  // "Cong an" is how stations are named (the commune police); "CA" is how
  // every notice board in Vietnam shortens it.
  for (size_t at = place.find("Cong an"); at != std::string::npos; at = place.find("Cong an")) {
    place.replace(at, 7, "CA");
  }
  for (size_t at = place.find("CONG AN"); at != std::string::npos; at = place.find("CONG AN")) {
    place.replace(at, 7, "CA");
  }
  text = Compose(facts, slot, place);
  while (!Fits(text)) {
    if (!CutWord(place)) return Status::InvalidArgument("notice: the text cannot fit one SMS");
    text = Compose(facts, slot, place);
  }
  return text;
}

}  // namespace cardex::notices
