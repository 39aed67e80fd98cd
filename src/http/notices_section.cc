#include "notices_section.h"

#include "cardex/core/dates.h"
#include "cardex/core/vn_format.h"
#include "cardex/notices/notices.h"
#include "vn_order.h"

namespace cardex::http {
namespace {

std::string_view WhyLabel(Lang lang, notices::Unreached why) {
  switch (why) {
    case notices::Unreached::kNoPhone:
      return T(lang, {"Chưa có số điện thoại di động", "No mobile number recorded"});
    case notices::Unreached::kNotPrepared:
      return T(lang, {"Chưa lập thông báo", "No notice prepared yet"});
    case notices::Unreached::kWaiting:
      return T(lang, {"Đang chờ gửi", "Waiting to be sent"});
    case notices::Unreached::kAwaitingReport:
      return T(lang, {"Đã gửi cho nhà mạng, chưa có báo nhận",
                      "Handed to the gateway, no delivery report yet"});
    case notices::Unreached::kFailed:
      return T(lang, {"Gửi không thành công", "Could not be delivered"});
  }
  return "";
}

// "07/08/2025 08:00" of a local slot "2025-08-07T08:00".
std::string SlotText(std::string_view slot) {
  auto day = Date::Parse(slot.substr(0, 10));
  if (!day.ok() || slot.size() < 16) return std::string(slot);
  return vn_format::DateText(*day) + " " + std::string(slot.substr(11, 5));
}

}  // namespace

Result<std::string> NoticesSection(Lang lang, Store& db, std::string_view cell_code) {
  CARDEX_ASSIGN_OR_RETURN(std::vector<notices::UnreachedMember> members,
                          notices::NotReached(db, cell_code));
  SortPeopleForPeople(members, [](const notices::UnreachedMember& m) { return m.full_name; });
  const std::string title = std::string(T(lang, {"Đảng viên chưa nhận được thông báo", "Members not reached by notices"}));
  if (members.empty()) {
    return Render(R"(<section class="card" data-notices="reached"><h2>{t}</h2><p>{none}</p></section>)",
                  {{"t", title},
                   {"none", T(lang, {"Mọi đảng viên có lịch hẹn sắp tới đều đã được báo tin.",
                                     "Every member with an appointment ahead has been notified."})}});
  }
  std::string rows;
  for (const notices::UnreachedMember& m : members) {
    rows += Render(
        R"(<tr data-unreached="{no}" data-why="{why_code}"><td>{name}<span class="sub">{no}</span></td><td class="mono">{phone}</td><td>{slot}</td><td>{why}</td></tr>)",
        {{"no", m.member_no},
         {"why_code", notices::UnreachedName(m.why)},
         {"name", m.full_name},
         {"phone", m.phone_masked.empty() ? "—" : m.phone_masked},
         {"slot", SlotText(m.slot_start)},
         {"why", WhyLabel(lang, m.why)}});
  }
  return Render(
      R"(<section class="card" data-notices="unreached"><h2>{t} <span class="badge">{n}</span></h2>
<p>{hint}</p>
<table class="day"><thead><tr><th>{c_name}</th><th>{c_phone}</th><th>{c_slot}</th><th>{c_why}</th></tr></thead><tbody>{!rows}</tbody></table></section>)",
      {{"t", title},
       {"n", std::to_string(members.size())},
       {"hint", T(lang, {"Tin nhắn chưa đến được các đồng chí dưới đây. Đề nghị chi bộ báo trực tiếp lịch hẹn cho từng đồng chí.",
                         "The text message has not reached the members below. Please tell each of them their appointment in person."})},
       {"c_name", T(lang, {"Họ tên / số thẻ", "Name / member no."})},
       {"c_phone", T(lang, {"Số điện thoại", "Phone"})},
       {"c_slot", T(lang, {"Lịch hẹn", "Appointment"})},
       {"c_why", T(lang, {"Lý do", "Why"})},
       {"rows", rows}});
}

}  // namespace cardex::http
